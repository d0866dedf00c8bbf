package io.patchbay.signaling.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlacementPolicyTest {
    /**
     * Each node: {@code id:participants/capacity:cpu[:draining]}, separated by spaces; the expected choice or
     * {@code none}.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            a:0/300:0.1                              | a
            a:5/300:0.1 b:2/300:0.1 c:9/300:0.1      | b
            a:2/300:0.1 b:2/300:0.1                  | a
            a:2/300:0.60 b:3/300:0.10                | a
            a:2/300:0.90 b:3/300:0.10                | b
            a:2/300:0.90 b:3/300:0.80                | b
            a:0/300:0.1:draining b:200/300:0.1       | b
            a:300/300:0.1 b:299/300:0.1              | b
            a:300/300:0.1 b:1/1:0.1                  | none
            a:1/10:0.1 b:20/300:0.1                  | b
            a:0/300:-1 b:0/300:0.5                   | a
            """)
    void choosesTheLeastLoadedActiveNodeWithRoom(String nodes, String expected) {
        List<NodeInfo> view = new ArrayList<>();
        for (String n : nodes.trim().split("\\s+")) {
            String[] f = n.split(":");
            String[] slots = f[1].split("/");
            view.add(new NodeInfo(f[0], "http://" + f[0], f[0] + ":10000",
                    f.length > 3 && f[3].equals("draining") ? NodeState.DRAINING : NodeState.ACTIVE,
                    new NodeLoad(Integer.parseInt(slots[0]), Integer.parseInt(slots[1]), 0, 0,
                            Double.parseDouble(f[2])), 0));
        }
        Optional<NodeInfo> chosen = PlacementPolicy.choose(view);
        assertEquals(expected, chosen.map(NodeInfo::id).orElse("none"));
    }
}
