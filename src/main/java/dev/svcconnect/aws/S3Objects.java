package dev.svcconnect.aws;

import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3 object that may be absent, read without an exception for "not there": the state object before the first
 * apply, the state's lock file while no run holds it. S3 answers a missing key with NoSuchKey on GetObject and with a
 * bare 404 on HeadObject, which has no body to carry an error code
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html); both mean absent here.
 */
public final class S3Objects {
  private S3Objects() {}

  /**
   * Whether {@code bucket} holds {@code key} (one HeadObject).
   *
   * @throws S3Exception for any other S3 error (no such bucket, access denied)
   */
  public static boolean exists(S3Client s3, String bucket, String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (S3Exception e) {
      if (absent(e)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * The object's content as UTF-8 text (one GetObject), or empty when {@code bucket} has no {@code key}.
   *
   * @throws S3Exception for any other S3 error (no such bucket, access denied)
   */
  public static Optional<String> text(S3Client s3, String bucket, String key) {
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String());
    } catch (S3Exception e) {
      if (absent(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static boolean absent(S3Exception e) {
    return e instanceof NoSuchKeyException || e.statusCode() == 404;
  }
}
