/** JUnit 5 extensions over the test support (the modules' unit tests; the integration tests run JUnit 4). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.ociplane.testing.junit;
