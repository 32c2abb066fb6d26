package io.ociplane.oci.api.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** A problem report carries its provider's ranking only when the provider is expected back (docs/providers.md). */
class ProblemReportTest {

    private static final class Report extends ProblemReport {
    }

    private static ProblemReport activated(OptionalInt ranking) {
        Map<String, Object> properties = new HashMap<>();
        var dictionary = ProblemReport.properties("dobby", "gone", ranking);
        for (String key : Collections.list(dictionary.keys())) {
            properties.put(key, dictionary.get(key));
        }
        Report report = new Report();
        report.activate(properties);
        return report;
    }

    @Test
    void aRankingGivenIsTheRankingReported() {
        ProblemReport report = activated(OptionalInt.of(200));
        assertEquals(OptionalInt.of(200), report.ranking());
        assertEquals("dobby: gone", report.toString());
    }

    @Test
    void withoutRankingTheProviderIsNotExpectedBack() {
        assertEquals(OptionalInt.empty(), activated(OptionalInt.empty()).ranking());
        assertFalse(Collections.list(ProblemReport.properties("runc", "read-only", OptionalInt.empty()).keys())
                .contains(ProblemReport.RANKING));
    }
}
