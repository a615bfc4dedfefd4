package io.drkit.core.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3-compatible endpoint the tests share: S3Proxy on loopback with a filesystem backend. One
 * endpoint per JVM; each test gets a bucket of its own.
 */
public final class S3Service {

    private static final String ACCESS_KEY = "drkit-test-access";
    private static final String SECRET_KEY = "drkit-test-secret-key";
    private static final String REGION = "us-east-1";
    private static S3Service instance;

    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;

    private S3Service(URI endpoint, String accessKey, String secretKey) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    public static synchronized S3Service get() {
        if (instance == null) {
            if (ContainerServices.enabled()) {
                String[] minio = ContainerServices.minio();
                instance = new S3Service(URI.create(minio[0]), minio[1], minio[2]);
            } else {
                instance = startS3Proxy();
            }
        }
        return instance;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public String region() {
        return REGION;
    }

    public URI endpoint() {
        return endpoint;
    }

    public TestBucket createBucket(String hint) {
        String name = ("t-" + hint.replaceAll("[^A-Za-z0-9]", "-") + "-"
                + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        if (name.length() > 60) {
            name = name.substring(0, 51) + name.substring(name.length() - 9);
        }
        String bucket = name;
        try (S3Client s3 = client()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        return new TestBucket(bucket, endpoint, accessKey, secretKey, REGION);
    }

    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }

    private static S3Service startS3Proxy() {
        try {
            Path dir = Files.createTempDirectory("drkit-s3proxy");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            return new S3Service(startS3Proxy(dir, 0), ACCESS_KEY, SECRET_KEY);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy: " + e.getMessage(), e);
        }
    }

    /** Starts S3Proxy on 127.0.0.1 (port 0: any free one) over a directory; returns its endpoint. */
    static URI startS3Proxy(Path dir, int port) throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(dir.toString()))
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start within 30 s");
            }
            Thread.onSpinWait();
        }
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /**
     * A local S3 endpoint for benchmarks and manual runs: {@code LocalS3 PORT DIR}. Credentials are
     * the test ones ({@code drkit-test-access} / {@code drkit-test-secret-key}); runs until killed.
     */
    public static void main(String[] args) throws Exception {
        URI endpoint = startS3Proxy(Path.of(args[1]), Integer.parseInt(args[0]));
        System.out.println("S3Proxy listening on " + endpoint);
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temporary directory; the OS cleans up what is left
        }
    }
}
