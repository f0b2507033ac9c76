package dev.svcconnect.cli;

import dev.svcconnect.app.RunContext;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./main watch}: synthesizes, then again each time the environment file changes, in the same JVM and jsii
 * kernel, so a re-synth skips their start and the provider load. A change to {@code pom.xml}, {@code src/main} or
 * {@code schema/} needs a build and new classes: {@link #run()} then returns {@link #EXIT_REBUILD}, and the launcher
 * rebuilds and starts it again. Each synth reports a bad config, a bad suppression, a policy failure and the config's warnings
 * exactly as {@code ./main synth} does ({@link Execution#run}), and the watch goes on.
 */
public final class Watch {
  /** Exit code asking the launcher to rebuild and start the watch again (sysexits' EX_TEMPFAIL). */
  public static final int EXIT_REBUILD = 75;
  /** Editors save in several steps (truncate, write, rename): events this close together are one change. */
  private static final long SETTLE_MILLIS = 30;

  private final RunContext run;
  private final Path project;
  private final WatchService watcher;

  /**
   * A watch of {@code run}'s environment file, and of {@code project}'s {@code pom.xml}, {@code src/main} and
   * {@code schema/}.
   *
   * @throws IllegalArgumentException when the environment file does not exist
   */
  public Watch(RunContext run, Path project) throws IOException {
    if (!Files.isRegularFile(run.configPath())) {
      throw new IllegalArgumentException("watch: " + run.configPath().toAbsolutePath().normalize()
          + " is not a file");
    }
    this.run = run;
    this.project = project.toAbsolutePath().normalize();
    this.watcher = FileSystems.getDefault().newWatchService();
  }

  /**
   * Synthesizes now and after every change of the environment file, until {@link #stop()} or a change of the
   * sources.
   *
   * @return 0 after {@link #stop()}, {@link #EXIT_REBUILD} when {@code pom.xml}, {@code src/main} or {@code schema/}
   *     changed
   */
  public int run() throws IOException, InterruptedException {
    Path config = run.configPath().toAbsolutePath().normalize();
    try (watcher) {
      Map<WatchKey, Path> dirs = new HashMap<>();
      dirs.put(register(config.getParent()), config.getParent());
      Path sources = project.resolve("src/main");
      // the environment file's schema is built into the classes too (pom.xml resources)
      Path schema = project.resolve("schema");
      for (Path root : List.of(sources, schema)) {
        if (Files.isDirectory(root)) {
          try (Stream<Path> tree = Files.walk(root)) {
            for (Path dir : tree.filter(Files::isDirectory).toList()) {
              dirs.put(register(dir), dir);
            }
          }
        }
      }
      if (!dirs.containsValue(project)) {
        dirs.put(register(project), project);
      }

      synth();
      run.err().println("watch: watching " + project.relativize(config) + " (Ctrl-C stops)");
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
          run.err().println("watch: pom.xml, src/main or schema/ changed; rebuilding");
          return EXIT_REBUILD;
        }
        if (configChanged) {
          synth();
        }
      }
    } catch (ClosedWatchServiceException e) {
      return 0;
    }
  }

  /** Ends {@link #run()}, which then returns 0; any thread may call it. */
  public void stop() throws IOException {
    watcher.close();
  }

  private WatchKey register(Path dir) {
    try {
      return dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One synth, reported as by ./main synth; whatever it found, the watch goes on. */
  private void synth() {
    long start = System.nanoTime();
    int rc = Execution.run("watch", run, loaded -> {
      new Workflow(loaded).synth();
      return 0;
    });
    if (rc == 0) {
      run.err().printf("watch: synthesized in %.2f s%n", (System.nanoTime() - start) / 1e9);
    } else {
      run.err().println("watch: nothing was synthesized; waiting for the next change");
    }
  }
}
