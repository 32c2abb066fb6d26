package io.ociplane.oci.api.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DescriptorSequenceTest {

    @Test
    void startsWithDobbysValues() {
        DescriptorSequence s = new DescriptorSequence();
        List<Integer> first = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            first.add(s.next(d -> false));
        }
        assertEquals(List.of(734, 879, 439, 731, 365, 182, 91, 45, 22, 11, 5, 514, 257, 640, 320), first);
    }

    @Test
    void skipsValuesInUseAndCoversOneToTheMaximumOnce() {
        DescriptorSequence s = new DescriptorSequence();
        assertEquals(879, s.next(d -> d == 734));
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < DescriptorSequence.PERIOD - 1; i++) {
            seen.add(s.next(seen::contains));
        }
        seen.add(879);
        assertEquals(DescriptorSequence.PERIOD, seen.size());
        assertEquals(1, seen.stream().mapToInt(Integer::intValue).min().getAsInt());
        assertEquals(1023, seen.stream().mapToInt(Integer::intValue).max().getAsInt());
        assertEquals(-1, s.next(d -> true), "all in use");
    }
}
