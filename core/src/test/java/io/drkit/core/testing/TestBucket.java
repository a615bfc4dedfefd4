package io.drkit.core.testing;

import java.net.URI;

/** A bucket of its own for one test, on the shared S3-compatible test endpoint. */
public record TestBucket(String name, URI endpoint, String accessKey, String secretKey, String region) {

    /** The repository URI drkit is given ({@code DRKIT_REPOSITORY}). */
    public String repository(String prefix) {
        return "s3://" + name + "/" + prefix;
    }
}
