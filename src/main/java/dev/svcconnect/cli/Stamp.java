package dev.svcconnect.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The record, in {@code file}, of a step that succeeded, so that the next run can skip the step when nothing it
 * depends on changed: what {@link InitInputs}, {@link SynthCache} and {@link StateBucketCheck} share. The stamp is
 * removed ({@link #forget}) before the step runs and written ({@link #write}) after it succeeded, so a failed or
 * stopped run is never trusted. What it holds is a digest of the step's inputs, built with {@link Digest}.
 */
record Stamp(Path file) {
  /** What a digest part says for a file or program that is not there. */
  static final String ABSENT = "\0absent";

  /** The stamp's text; empty when there is none, or it cannot be read (either way the step runs). */
  Optional<String> read() {
    try {
      return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Whether the stamp holds {@code digest} and nothing else (but a line end). */
  boolean holds(String digest) {
    return read().map(String::strip).filter(digest::equals).isPresent();
  }

  /** Removes the stamp: called before the step runs. */
  void forget() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + file, e);
    }
  }

  /** Writes {@code text} as the stamp, creating its directory: called once the step has succeeded. */
  void write(String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * A SHA-256 over named parts, each length-prefixed, so that no two different sequences of parts digest the same
   * bytes.
   */
  static final class Digest {
    private final MessageDigest sha = sha256();

    /** Adds the part {@code name}={@code value}. */
    Digest part(String name, String value) {
      byte[] bytes = (name + "=" + value).getBytes(StandardCharsets.UTF_8);
      sha.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
      sha.update(bytes);
      return this;
    }

    /** The digest of the parts added, in hex. */
    String hex() {
      return HexFormat.of().formatHex(sha.digest());
    }

    /** The SHA-256 of {@code bytes}, in hex. */
    static String of(byte[] bytes) {
      return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK has no SHA-256", e);
      }
    }
  }

  /** A file as a digest part: its size and modification time (to the nanosecond). */
  static String stat(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    return a.size() + " " + a.lastModifiedTime().toInstant();
  }

  /**
   * The first executable {@code program} on {@code path} (a {@code PATH} value) as a digest part: its real path and
   * {@link #stat}; {@link #ABSENT} when there is none.
   */
  static String program(String path, String program) throws IOException {
    Optional<Path> found = Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst();
    if (found.isEmpty()) {
      return ABSENT;
    }
    Path real = found.get().toRealPath();
    return real + " " + stat(real);
  }
}
