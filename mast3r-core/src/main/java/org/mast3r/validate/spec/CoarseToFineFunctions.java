package org.mast3r.validate.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.mast3r.common.BadInputException;
import org.mast3r.kernels.Parallel;
import org.mast3r.matching.CoarseToFine;
import org.mast3r.matching.OverlappingGrid;
import org.mast3r.matching.WindowNorm;

/**
 * The {@code mast3r.utils.coarse_to_fine} functions of the coarse-to-fine fixture:
 * {@code make_overlapping_grid}, {@code norm_windows}, {@code select_pairs_of_crops}.
 */
public final class CoarseToFineFunctions implements SpecFunctions {
    @Override
    public Set<String> names() {
        return Set.of("make_overlapping_grid", "norm_windows", "select_pairs_of_crops");
    }

    @Override
    public Map<String, SpecArray> run(String function, JsonNode args, Map<String, SpecArray> in, Parallel parallel) {
        Map<String, SpecArray> out = new HashMap<>();
        switch (function) {
            case "make_overlapping_grid" -> out.put("grid", cells(OverlappingGrid.make(args.path("H").asInt(), args.path("W").asInt(),
                    args.path("size").asInt(512), args.path("overlap").asDouble(0.5))));
            case "norm_windows" -> out.put("cells", cells(WindowNorm.normalize(MatchingFunctions.need(in, "cell2").doubles(),
                    args.path("H2").asInt(), args.path("W2").asInt(), hw(args.path("forced_resolution")))));
            case "select_pairs_of_crops" -> {
                JsonNode forced = args.path("forced_resolution");
                // one (H, W) for both images, or [(H, W) first, (H, W) second]
                boolean perImage = forced.path(0).isArray();
                int[] fq = perImage ? hw(forced.path(0)) : hw(forced);
                int[] fb = perImage ? hw(forced.path(1)) : hw(forced);
                CoarseToFine.CropPairs r = CoarseToFine.selectPairsOfCrops(
                        args.path("img_q_shape").path(0).asInt(), args.path("img_q_shape").path(1).asInt(),
                        args.path("img_b_shape").path(0).asInt(), args.path("img_b_shape").path(1).asInt(),
                        MatchingFunctions.need(in, "pos2d_in_query").doubles(), MatchingFunctions.need(in, "pos2d_in_ref").doubles(),
                        args.path("maxdim").asInt(512), args.path("overlap").asDouble(0.5), fq, fb);
                out.put("crops_q", cells(r.cropsQ()));
                out.put("crops_b", cells(r.cropsB()));
                out.put("greedy_order", SpecArray.ofInts(new long[] {r.size()}, r.greedyOrder()));
                out.put("candidate_weight_sum", SpecArray.ofDoubles(new long[] {r.candidateWeightSum().length}, r.candidateWeightSum()));
                out.put("candidate_n_assigned", SpecArray.ofInts(new long[] {r.candidateAssigned().length}, r.candidateAssigned()));
            }
            default -> throw new IllegalArgumentException("unknown function " + function);
        }
        return out;
    }

    private static SpecArray cells(int[] c) {
        return SpecArray.ofInts(new long[] {c.length / 4, 4}, c);
    }

    /** (H, W) from a JSON pair, or null for JSON null / absent. */
    private static int[] hw(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) return null;
        if (!n.isArray() || n.size() != 2) throw new BadInputException("manifest", "a resolution must be [H, W], got " + n);
        return new int[] {n.get(0).asInt(), n.get(1).asInt()};
    }
}
