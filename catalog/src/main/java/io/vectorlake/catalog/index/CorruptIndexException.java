package io.vectorlake.catalog.index;

import java.io.IOException;

/** An index or segment file is missing, truncated or does not match its recorded checksum. */
public class CorruptIndexException extends IOException {
  public CorruptIndexException(String message) {
    super(message);
  }

  public CorruptIndexException(String message, Throwable cause) {
    super(message, cause);
  }
}
