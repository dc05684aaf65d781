package org.mast3r.validate.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mast3r.common.BadInputException;
import org.mast3r.validate.Checks;

/**
 * The comparisons a spec's {@code compare} names, one line per output:
 * {@code exact}; {@code pair_set_jaccard>=J} (rows of the two outputs named in {@code pairs} form pairs,
 * Jaccard of the pair sets >= J, any other output must be equal on the common pairs);
 * {@code index_agreement>=A} (same length, fraction of equal positions >= A);
 * {@code rel_max<=T} ({@code max|got - ref| <= T * max|ref|}).
 */
public final class SpecCompare {
    private static final Pattern RULE = Pattern.compile("(exact)|(pair_set_jaccard)>=([0-9.eE+-]+)|(index_agreement)>=([0-9.eE+-]+)|(rel_max)<=([0-9.eE+-]+)");

    private SpecCompare() {}

    /** Compares every output of one case. {@code got} lacks an entry when the engine did not produce it. */
    public static void compareCase(String caseName, JsonNode spec, Map<String, SpecArray> got, SpecInputs files, Checks checks) {
        String caseRule = spec.path("compare").asText("exact");
        List<String> pairNames = new ArrayList<>();
        spec.path("pairs").forEach(n -> pairNames.add(n.asText()));
        var fields = spec.path("outputs").fields();
        while (fields.hasNext()) {
            var e = fields.next();
            String name = e.getKey();
            JsonNode out = e.getValue();
            String label = name + (out.path("debug").asBoolean(false) ? "(debug)" : "");
            SpecArray ref = files.reference(out);
            SpecArray mine = got.get(name);
            if (mine == null) {
                checks.line(caseName, label, "not produced", false);
                continue;
            }
            String rule = out.hasNonNull("compare") ? out.get("compare").asText() : caseRule;
            Matcher m = RULE.matcher(rule);
            if (!m.matches()) throw new BadInputException("manifest", "case " + caseName + ": unknown compare '" + rule + "'");
            if (m.group(1) != null) {
                exact(caseName, label, mine, ref, checks);
            } else if (m.group(2) != null) {
                double min = Double.parseDouble(m.group(3));
                if (pairNames.size() != 2) throw new BadInputException("manifest", "case " + caseName + ": pair_set_jaccard needs two 'pairs' outputs");
                if (pairNames.contains(name)) jaccard(caseName, label, pairNames, got, spec, files, min, checks);
                else onCommonPairs(caseName, label, pairNames, got, spec, files, mine, ref, checks);
            } else if (m.group(4) != null) {
                agreement(caseName, label, mine, ref, Double.parseDouble(m.group(5)), checks);
            } else {
                relMax(caseName, label, mine, ref, Double.parseDouble(m.group(7)), checks);
            }
        }
    }

    private static boolean sameShape(SpecArray a, SpecArray b) {
        return Arrays.equals(a.shape(), b.shape());
    }

    private static String shapes(SpecArray mine, SpecArray ref) {
        return "shape " + Arrays.toString(mine.shape()) + " vs ref " + Arrays.toString(ref.shape());
    }

    private static void exact(String c, String name, SpecArray mine, SpecArray ref, Checks checks) {
        if (!sameShape(mine, ref)) {
            checks.line(c, name, shapes(mine, ref), false);
            return;
        }
        int diff = 0;
        for (int i = 0; i < ref.size(); i++) if (mine.get(i) != ref.get(i)) diff++;
        checks.line(c, name, "exact " + (ref.size() - diff) + "/" + ref.size() + " equal", diff == 0);
    }

    private static void agreement(String c, String name, SpecArray mine, SpecArray ref, double min, Checks checks) {
        if (!sameShape(mine, ref)) {
            checks.line(c, name, shapes(mine, ref), false);
            return;
        }
        int same = 0;
        for (int i = 0; i < ref.size(); i++) if (mine.get(i) == ref.get(i)) same++;
        double frac = ref.size() == 0 ? 1 : same / (double) ref.size();
        checks.line(c, name, String.format(Locale.ROOT, "agreement %.5f (%d/%d, need >= %s)", frac, same, ref.size(), min), frac >= min);
    }

    private static void relMax(String c, String name, SpecArray mine, SpecArray ref, double tol, Checks checks) {
        if (!sameShape(mine, ref)) {
            checks.line(c, name, shapes(mine, ref), false);
            return;
        }
        double maxAbs = 0, maxRef = 0;
        for (int i = 0; i < ref.size(); i++) {
            maxAbs = Math.max(maxAbs, Math.abs(mine.get(i) - ref.get(i)));
            maxRef = Math.max(maxRef, Math.abs(ref.get(i)));
        }
        double ratio = maxRef == 0 ? maxAbs : maxAbs / maxRef;
        checks.tensor(c, name, maxAbs, ratio, !Double.isNaN(maxAbs) && maxAbs <= tol * maxRef);
    }

    /** Rows of the two pair outputs as strings "a0,a1|b0,b1" -> first row index. */
    private static Map<String, Integer> pairRows(SpecArray a, SpecArray b) {
        int n = a.shape().length == 0 ? 0 : a.dim(0);
        if (b.shape().length == 0 || b.dim(0) != n) throw new IllegalStateException("pair outputs have different row counts");
        int wa = n == 0 ? 0 : a.size() / n, wb = n == 0 ? 0 : b.size() / n;
        Map<String, Integer> rows = new HashMap<>();
        for (int r = 0; r < n; r++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < wa; k++) sb.append(a.get(r * wa + k)).append(',');
            sb.append('|');
            for (int k = 0; k < wb; k++) sb.append(b.get(r * wb + k)).append(',');
            rows.putIfAbsent(sb.toString(), r);
        }
        return rows;
    }

    private static void jaccard(String c, String name, List<String> pairNames, Map<String, SpecArray> got, JsonNode spec,
                                SpecInputs files, double min, Checks checks) {
        SpecArray ga = got.get(pairNames.get(0)), gb = got.get(pairNames.get(1));
        if (ga == null || gb == null) {
            checks.line(c, name, "pair output not produced", false);
            return;
        }
        Set<String> mine = pairRows(ga, gb).keySet();
        Set<String> ref = pairRows(files.reference(spec.path("outputs").get(pairNames.get(0))),
                files.reference(spec.path("outputs").get(pairNames.get(1)))).keySet();
        Set<String> common = new HashSet<>(mine);
        common.retainAll(ref);
        int union = mine.size() + ref.size() - common.size();
        double j = union == 0 ? 1 : common.size() / (double) union;
        checks.line(c, name, String.format(Locale.ROOT, "jaccard %.5f (%d common, %d got, %d ref)", j, common.size(), mine.size(), ref.size()), j >= min);
    }

    private static void onCommonPairs(String c, String name, List<String> pairNames, Map<String, SpecArray> got, JsonNode spec,
                                      SpecInputs files, SpecArray mine, SpecArray ref, Checks checks) {
        SpecArray ga = got.get(pairNames.get(0)), gb = got.get(pairNames.get(1));
        if (ga == null || gb == null) {
            checks.line(c, name, "pair output not produced", false);
            return;
        }
        Map<String, Integer> mineRows = pairRows(ga, gb);
        Map<String, Integer> refRows = pairRows(files.reference(spec.path("outputs").get(pairNames.get(0))),
                files.reference(spec.path("outputs").get(pairNames.get(1))));
        int common = 0, differ = 0;
        double maxAbs = 0;
        for (var e : refRows.entrySet()) {
            Integer r = mineRows.get(e.getKey());
            if (r == null) continue;
            common++;
            double d = Math.abs(mine.get(r) - ref.get(e.getValue()));
            if (d != 0 || Double.isNaN(d)) differ++;
            maxAbs = Math.max(maxAbs, d);
        }
        checks.line(c, name, String.format(Locale.ROOT, "equal on %d/%d common pairs (max abs %.3e)", common - differ, common, maxAbs), differ == 0);
    }
}
