package dev.svcconnect.cli;

import dev.svcconnect.config.ConfigException;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.target.DeploymentTarget;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./main watch}: synthesizes, then again each time the environment file changes, in the same JVM and jsii
 * kernel, so a re-synth skips their start and the provider load. A change to {@code pom.xml}, {@code src/main} or
 * {@code schema/} needs a build and new classes: the command then exits with {@link #EXIT_REBUILD}, and the launcher rebuilds and
 * starts it again.
 */
@Command(name = "watch", description = "Synth, then synth again whenever the environment file changes (the JVM and"
    + " jsii kept warm). A change to pom.xml, src/main or schema/ rebuilds and restarts. Stop it with Ctrl-C.")
public final class Watch implements Callable<Integer> {
  /** Exit code asking the launcher to rebuild and start the watch again (sysexits' EX_TEMPFAIL). */
  public static final int EXIT_REBUILD = 75;
  /** Editors save in several steps (truncate, write, rename): events this close together are one change. */
  private static final long SETTLE_MILLIS = 30;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Map<String, String> env = System.getenv();
    // the same rule as every other command: --config, else $SVCCONNECT_CONFIG, else config/local.yaml
    Path config = Optional.ofNullable(spec.parent().findOption("--config").<Path>getValue())
        .or(() -> Optional.ofNullable(env.get("SVCCONNECT_CONFIG")).filter(s -> !s.isBlank()).map(Path::of))
        .orElse(Path.of("config/local.yaml")).toAbsolutePath().normalize();
    Path outdir = Path.of(Optional.ofNullable(env.get("CDKTF_OUTDIR")).orElse("cdktf.out"));
    PrintStream out = System.out;
    if (!Files.isRegularFile(config)) {
      throw new IllegalArgumentException("watch: " + config + " is not a file");
    }

    try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
      Map<WatchKey, Path> dirs = new HashMap<>();
      dirs.put(register(watcher, config.getParent()), config.getParent());
      Path project = Path.of("").toAbsolutePath();
      Path sources = project.resolve("src/main");
      // the environment file's schema is built into the classes too (pom.xml resources)
      Path schema = project.resolve("schema");
      for (Path root : List.of(sources, schema)) {
        if (Files.isDirectory(root)) {
          try (Stream<Path> tree = Files.walk(root)) {
            for (Path dir : tree.filter(Files::isDirectory).toList()) {
              dirs.put(register(watcher, dir), dir);
            }
          }
        }
      }
      if (!dirs.containsValue(project)) {
        dirs.put(register(watcher, project), project);
      }

      synth(config, env, outdir, out);
      out.println("watch: watching " + project.relativize(config) + " (Ctrl-C stops)");
      while (true) {
        WatchKey key = watcher.take();
        boolean configChanged = false;
        boolean sourcesChanged = false;
        do {
          Path dir = dirs.get(key);
          for (WatchEvent<?> event : key.pollEvents()) {
            if (dir == null || !(event.context() instanceof Path name)) {
              continue;
            }
            Path changed = dir.resolve(name);
            configChanged |= changed.equals(config);
            sourcesChanged |= changed.startsWith(sources) || changed.startsWith(schema)
                || changed.equals(project.resolve("pom.xml"));
          }
          key.reset();
          key = watcher.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        } while (key != null);
        if (sourcesChanged) {
          out.println("watch: pom.xml, src/main or schema/ changed; rebuilding");
          return EXIT_REBUILD;
        }
        if (configChanged) {
          synth(config, env, outdir, out);
        }
      }
    } catch (ClosedWatchServiceException e) {
      return 0;
    }
  }

  private static WatchKey register(WatchService watcher, Path dir) {
    try {
      return dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One synth; a bad config is reported, as by ./main synth, and the watch goes on. */
  private static void synth(Path config, Map<String, String> env, Path outdir, PrintStream out) {
    long start = System.nanoTime();
    EnvironmentConfig cfg;
    try {
      cfg = ConfigLoader.load(config);
    } catch (ConfigException e) {
      e.problems().forEach(out::println);
      out.println("watch: " + config + " is not valid (" + e.problems().size() + " problem(s)); nothing was"
          + " synthesized; waiting for the next change");
      return;
    }
    new Workflow(cfg, DeploymentTarget.resolve(cfg, env), outdir, env, Path.of(".svcconnect"), out).synth();
    out.printf("watch: synthesized in %.2f s%n", (System.nanoTime() - start) / 1e9);
  }
}
