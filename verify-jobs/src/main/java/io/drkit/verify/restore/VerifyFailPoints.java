package io.drkit.verify.restore;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * A test hook ({@code drkit.verify-fail-points.*}); never set in production.
 *
 * @param sqlBeforeCompare SQL run in the restored database before it is read back, so that a test
 *     can prove that a changed row is caught
 */
@ConfigurationProperties("drkit.verify-fail-points")
public record VerifyFailPoints(String sqlBeforeCompare) {}
