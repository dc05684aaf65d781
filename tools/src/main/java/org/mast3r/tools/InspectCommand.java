package org.mast3r.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Json;
import org.mast3r.weights.Checkpoint;
import org.mast3r.weights.DType;
import org.mast3r.weights.ModelConfig;
import org.mast3r.weights.PthReader;
import org.mast3r.weights.Safetensors;
import org.mast3r.weights.StoredTensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mast3r inspect}: what a checkpoint folder or safetensors file holds. Only the header is read
 * (the data stays mapped, untouched), so even the 2.75 GB flagship answers at once. With a config
 * (the folder's config.json or --config) the file is also checked against the model's layout.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Summarise a checkpoint folder or .safetensors file: model, tensors, parameters, dtypes, bytes.")
public final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PATH", description = "Checkpoint folder, .safetensors or .pth file.")
    Path path;

    @Option(names = "--tensors", description = "List every tensor (name, dtype, shape).")
    boolean tensors;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--config", paramLabel = "FILE", description = "config.json for a bare .safetensors file.")
    Path config;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(path)) throw new BadInputException(path.toString(), "no such file or folder");
        boolean folder = Files.isDirectory(path);
        boolean hasConfig = config != null || folder && Files.isRegularFile(path.resolve("config.json")) || PthReader.isPth(path);
        if (folder && !Files.isRegularFile(path.resolve("model.safetensors"))) {
            throw new BadInputException(path.toString(), "no model.safetensors in the folder");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (hasConfig) {
            try (Checkpoint ck = Checkpoint.open(path, config)) {
                report(out, ck.file(), ck.config());
            }
        } else {
            try (Safetensors st = Safetensors.open(path)) {
                report(out, st, null);
            }
        }
        out.flush();
        return Main.OK;
    }

    private void report(PrintWriter out, Safetensors st, ModelConfig cfg) throws Exception {
        long params = 0;
        Map<DType, long[]> byType = new TreeMap<>(); // dtype -> {tensors, bytes}
        for (String name : st.names()) {
            StoredTensor t = st.get(name);
            params += t.elementCount();
            long[] acc = byType.computeIfAbsent(t.dtype(), k -> new long[2]);
            acc[0]++;
            acc[1] += t.bytes().byteSize();
        }
        long aliases = st.metadata().keySet().stream().filter(k -> !k.equals("format")).count();
        if (json) {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(st, cfg, params, byType, aliases)));
            return;
        }
        out.printf(Locale.ROOT, "file:       %s (%,d bytes)%n", st.file(), st.fileSize());
        if (cfg != null) {
            out.printf(Locale.ROOT, "model:      %s%n", cfg.modelClass());
            out.printf(Locale.ROOT, "config:     encoder %d/%d layers/%d heads, decoder %d/%d/%d, patch %d, img %dx%d, head %s, output %s%n",
                    cfg.encEmbedDim(), cfg.encDepth(), cfg.encNumHeads(), cfg.decEmbedDim(), cfg.decDepth(), cfg.decNumHeads(),
                    cfg.patchSize(), cfg.imgH(), cfg.imgW(), cfg.headType(), cfg.outputMode());
        } else {
            out.println("model:      unknown (no config; pass --config to check it against a model)");
        }
        out.printf(Locale.ROOT, "tensors:    %,d (%d aliases in __metadata__)%n", st.names().size(), aliases);
        out.printf(Locale.ROOT, "parameters: %,d%n", params);
        for (Map.Entry<DType, long[]> e : byType.entrySet()) {
            out.printf(Locale.ROOT, "dtype:      %-4s %,d tensors, %,d bytes%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
        }
        if (tensors) {
            for (String name : st.names()) {
                StoredTensor t = st.get(name);
                out.printf(Locale.ROOT, "%s\t%s\t%s%n", name, t.dtype(), Arrays.toString(t.shape()));
            }
        }
    }

    private ObjectNode toJson(Safetensors st, ModelConfig cfg, long params, Map<DType, long[]> byType, long aliases) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("file", st.file().toString());
        o.put("file_bytes", st.fileSize());
        if (cfg != null) {
            o.put("model_class", cfg.modelClass());
            o.set("config", Json.parse(cfg.toJson(), "config"));
        } else {
            o.putNull("model_class");
        }
        o.put("tensors", st.names().size());
        o.put("parameters", params);
        o.put("aliases", aliases);
        ObjectNode types = o.putObject("dtypes");
        byType.forEach((k, v) -> types.putObject(k.name()).put("tensors", v[0]).put("bytes", v[1]));
        ObjectNode meta = o.putObject("metadata");
        st.metadata().forEach(meta::put);
        if (tensors) {
            ArrayNode list = o.putArray("tensor_list");
            for (String name : st.names()) {
                StoredTensor t = st.get(name);
                ArrayNode shape = Json.MAPPER.createArrayNode();
                for (long d : t.shape()) shape.add(d);
                list.addObject().put("name", name).put("dtype", t.dtype().name()).set("shape", shape);
            }
        }
        return o;
    }
}
