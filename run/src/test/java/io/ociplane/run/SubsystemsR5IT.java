package io.ociplane.run;

/** {@link SubsystemsIT} in the R5 profile: the same events, R5's state casing and error codes. */
public class SubsystemsR5IT extends SubsystemsIT {

    @Override
    protected String profile() {
        return "R5";
    }
}
