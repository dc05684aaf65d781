package org.mast3r.tools;

import java.io.PrintWriter;
import org.mast3r.common.BadInputException;
import org.mast3r.pipeline.Mast3r;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point of {@code ./mast3r}. Exit codes: 0 success, 1 a check failed, 2 bad input or usage.
 * Every user error is one stderr line {@code mast3r: <path-or-token>: <problem>}; {@code --debug}
 * adds the stack trace.
 */
@Command(name = "mast3r", mixinStandardHelpOptions = true, version = Mast3r.ENGINE,
        description = "MASt3R and DUSt3R inference in pure Java.",
        subcommands = {
            InspectCommand.class,
            SynthWeightsCommand.class,
            ValidateCommand.class,
            PreprocessCommand.class,
            BenchCommand.class,
            MatchCommand.class,
            DemoCommand.class,
            PoseCommand.class,
            ConvertCommand.class,
            DevicesCommand.class,
            ReconstructCommand.class,
            ServeCommand.class,
        })
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int CHECK_FAILED = 1;
    public static final int BAD_INPUT = 2;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean debug;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (see mast3r --help)");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; used by main and by the tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("mast3r: " + usageToken(ex) + ": " + ex.getMessage());
            if (debug) ex.printStackTrace(err);
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof BadInputException bad) {
                err.println("mast3r: " + bad.getMessage());
            } else {
                err.println("mast3r: internal error: " + ex);
            }
            if (debug) ex.printStackTrace(err);
            return BAD_INPUT;
        });
        int code;
        try {
            code = cli.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("mast3r: memory: out of Java heap (raise it with MAST3R_JAVA_OPTS=-Xmx...)");
            code = BAD_INPUT;
        }
        err.flush();
        out.flush();
        return code;
    }

    /** The token a usage error is about: the offending argument when picocli knows it, else the command. */
    private static String usageToken(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            return u.getUnmatched().getFirst();
        }
        if (ex instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()
                && m.getMissing().getFirst() instanceof CommandLine.Model.OptionSpec o) {
            return o.longestName();
        }
        if (ex.getArgSpec() instanceof CommandLine.Model.OptionSpec o) return o.longestName();
        if (ex.getArgSpec() instanceof CommandLine.Model.PositionalParamSpec p) return p.paramLabel();
        return ex.getCommandLine().getCommandName();
    }
}
