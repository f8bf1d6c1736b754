package io.vectorlake.serving.rpc;

/**
 * Bounds on the work one request may ask for, checked before anything is allocated for it.
 * Defaults are Milvus': a 256 MiB gRPC message ({@code proxy.grpc.serverMaxRecvSize}), top-k plus
 * offset and nq at most 16384 ({@code quotaAndLimits.limits.topK}, {@code .nq},
 * {@code .maxQueryResultWindow}).
 *
 * @param maxRequestBytes the largest gRPC message the server reads
 * @param maxTopK the largest top-k plus offset of a search (and limit plus offset of a hybrid one)
 * @param maxNq the most query vectors (or primary keys) in one search
 * @param maxResultEntries the most result slots one search may ask for, nq x (top-k + offset):
 *     each is kept per segment while searching, so this bounds a search's memory
 */
public record RequestLimits(int maxRequestBytes, int maxTopK, int maxNq, long maxResultEntries) {
  public static final RequestLimits DEFAULT =
      new RequestLimits(256 * 1024 * 1024, 16_384, 16_384, 4L * 1024 * 1024);

  public RequestLimits {
    positive("max request bytes", maxRequestBytes);
    positive("max top-k", maxTopK);
    positive("max nq", maxNq);
    positive("max result entries", maxResultEntries);
  }

  private static void positive(String what, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
  }

  /** Rejects a search of {@code nq} queries for {@code window} (top-k + offset) hits each. */
  public void checkSearch(int nq, int window) {
    if (nq > maxNq) {
      throw ServingException.invalid("a search takes at most " + maxNq + " query vectors"
          + " (--max-nq), got " + nq);
    }
    if ((long) nq * window > maxResultEntries) {
      throw new ServingException(ErrorKind.ILLEGAL_TOPK, "a search may ask for at most "
          + maxResultEntries + " results, nq x (topk + offset) (--max-result-entries); got " + nq
          + " x " + window + " = " + (long) nq * window + "; send fewer query vectors per request");
    }
  }
}
