package io.policyrt.recorder.mcap;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that is not a readable MCAP recording. The message names the file and says what is wrong
 * in words a user can act on; {@link #problem()} tells the kind, {@link #offset()} where.
 */
public final class McapFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the file. */
  public enum Problem {
    /** The file has no bytes. */
    EMPTY,
    /** The file does not start with the MCAP magic: it is something else. */
    FOREIGN,
    /** The file ends before the records it needs (cut short). */
    TRUNCATED,
    /** Bytes do not match their checksum or structure (changed after writing). */
    CORRUPTED,
    /** A valid MCAP feature this reader does not read (e.g. bz2 chunks). */
    UNSUPPORTED
  }

  private final transient Path file;
  private final Problem problem;
  private final long offset;

  public McapFormatException(Path file, Problem problem, long offset, String what) {
    super(file + ": " + what);
    this.file = file;
    this.problem = problem;
    this.offset = offset;
  }

  public McapFormatException(Path file, Problem problem, long offset, String what,
      Throwable cause) {
    this(file, problem, offset, what);
    initCause(cause);
  }

  public Path file() {
    return file;
  }

  public Problem problem() {
    return problem;
  }

  /** Byte offset in the file where the problem was found, or -1 when it is not one place. */
  public long offset() {
    return offset;
  }
}
