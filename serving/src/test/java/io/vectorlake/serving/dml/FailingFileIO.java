package io.vectorlake.serving.dml;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.OutputFile;

/**
 * A Hadoop FileIO (catalog property {@code io-impl}) that throws an {@link Error} once when a file
 * whose path matches an armed predicate is about to be written: a fatal error (such as running out
 * of memory) at a chosen point of staging or committing, inside the real Iceberg code paths.
 */
public final class FailingFileIO extends HadoopFileIO {
  private final AtomicReference<Predicate<String>> armed = new AtomicReference<>();

  /** The next write of a matching path throws {@code OutOfMemoryError}. */
  public void failOnce(Predicate<String> path) {
    armed.set(path);
  }

  @Override
  public OutputFile newOutputFile(String path) {
    Predicate<String> trigger = armed.get();
    if (trigger != null && trigger.test(path) && armed.compareAndSet(trigger, null)) {
      throw new OutOfMemoryError("injected while writing " + path);
    }
    return super.newOutputFile(path);
  }
}
