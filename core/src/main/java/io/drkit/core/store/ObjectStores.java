package io.drkit.core.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

import io.drkit.core.error.DrkitException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Opens the store a repository URI names: {@code s3://bucket/prefix} or {@code file:///absolute/dir}. */
public final class ObjectStores {

    private ObjectStores() {}

    /** Production: credentials and region from the standard AWS chain. */
    public static ObjectStore open(String repository, String s3Endpoint, int parallelism, StorePolicy policy) {
        return open(repository, s3Endpoint, null, null, parallelism, policy);
    }

    public static ObjectStore open(String repository, String s3Endpoint, int parallelism) {
        return open(repository, s3Endpoint, parallelism, StorePolicy.DEFAULT);
    }

    public static ObjectStore open(String repository, String s3Endpoint, AwsCredentialsProvider credentials,
            String region, int parallelism) {
        return open(repository, s3Endpoint, credentials, region, parallelism, StorePolicy.DEFAULT);
    }

    public static ObjectStore open(String repository, String s3Endpoint, AwsCredentialsProvider credentials,
            String region, int parallelism, StorePolicy policy) {
        URI uri;
        try {
            uri = new URI(repository);
        } catch (URISyntaxException e) {
            throw DrkitException.usage("malformed repository URI " + repository
                    + " (expected s3://bucket/prefix or file:///absolute/dir)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        switch (scheme) {
            case "file" -> {
                if (uri.getPath() == null || !uri.getPath().startsWith("/") || uri.getAuthority() != null) {
                    throw DrkitException.usage("a file repository needs an absolute path: file:///absolute/dir, not "
                            + repository);
                }
                return new FileObjectStore(Path.of(uri));
            }
            case "s3" -> {
                String bucket = uri.getHost();
                if (bucket == null || bucket.isBlank()) {
                    throw DrkitException.usage("the repository URI names no bucket: " + repository);
                }
                String prefix = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
                URI endpoint = null;
                if (s3Endpoint != null && !s3Endpoint.isBlank()) {
                    endpoint = URI.create(s3Endpoint);
                    if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                        throw DrkitException.usage("DRKIT_S3_ENDPOINT is not a URL: " + s3Endpoint);
                    }
                }
                return S3ObjectStore.open(bucket, prefix, endpoint, credentials, region, parallelism * 2, policy);
            }
            default -> throw DrkitException.usage("unsupported repository " + repository
                    + " (expected s3://bucket/prefix or file:///absolute/dir)");
        }
    }
}
