package io.drkit.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.drkit.core.testing.S3Service;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A repository's objects seen without drkit's store code: the file system for {@code file://}, the
 * AWS SDK's own client for S3. Tests read, damage and count what drkit left through this, so that a
 * bug in drkit's store cannot hide itself. Keys are relative to the repository root.
 */
public interface RepositoryObjects {

    /** What {@code FileObjectStore} names a file it is still writing; a test sees it as an unfinished write. */
    String TEMP_MARK = ".drkit-tmp-";

    /** Every object under {@code prefix}, in key order; in a directory, files being written too. */
    List<String> keys(String prefix);

    byte[] read(String key);

    void write(String key, byte[] data);

    void delete(String key);

    /** Writes begun and neither finished nor discarded: temporary files, or S3 multipart uploads. */
    int unfinishedWrites();

    /** Parts already uploaded into unfinished multipart uploads (always 0 in a directory). */
    int partsOfUnfinishedWrites();

    /** The names directly under {@code prefix} (which ends with a slash), in order. */
    default List<String> folders(String prefix) {
        TreeSet<String> names = new TreeSet<>();
        for (String key : keys(prefix)) {
            String rest = key.substring(prefix.length());
            if (rest.contains("/")) {
                names.add(rest.substring(0, rest.indexOf('/')));
            }
        }
        return new ArrayList<>(names);
    }

    /** The objects of the repository drkit is given as {@code DRKIT_REPOSITORY}. */
    static RepositoryObjects of(String repository) {
        URI uri = URI.create(repository);
        if ("file".equals(uri.getScheme())) {
            return new InDirectory(Path.of(uri));
        }
        String prefix = uri.getPath().replaceFirst("^/", "");
        return new InBucket(uri.getHost(), prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/");
    }

    /** A {@code file://} repository. */
    record InDirectory(Path root) implements RepositoryObjects {

        @Override
        public List<String> keys(String prefix) {
            if (!Files.isDirectory(root)) {
                return List.of();
            }
            try (Stream<Path> s = Files.walk(root)) {
                return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                        .filter(k -> k.startsWith(prefix)).sorted().toList();
            } catch (IOException e) {
                // a file renamed or removed while walking: drkit is at work, ask again
                return keys(prefix);
            } catch (UncheckedIOException e) {
                return keys(prefix);
            }
        }

        @Override
        public byte[] read(String key) {
            try {
                return Files.readAllBytes(root.resolve(key));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void write(String key, byte[] data) {
            try {
                Files.createDirectories(root.resolve(key).getParent());
                Files.write(root.resolve(key), data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void delete(String key) {
            try {
                Files.deleteIfExists(root.resolve(key));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public int unfinishedWrites() {
            return (int) keys("").stream().filter(k -> Path.of(k).getFileName().toString().startsWith(TEMP_MARK)).count();
        }

        @Override
        public int partsOfUnfinishedWrites() {
            return 0;
        }
    }

    /** An S3 repository: a bucket and a key prefix on the test endpoint. */
    record InBucket(String bucket, String prefix) implements RepositoryObjects {

        @Override
        public List<String> keys(String keyPrefix) {
            return Client.S3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + keyPrefix)).contents().stream()
                    .map(S3Object::key).map(k -> k.substring(prefix.length())).sorted().toList();
        }

        @Override
        public byte[] read(String key) {
            return Client.S3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + key)).asByteArray();
        }

        @Override
        public void write(String key, byte[] data) {
            Client.S3.putObject(b -> b.bucket(bucket).key(prefix + key), RequestBody.fromBytes(data));
        }

        @Override
        public void delete(String key) {
            Client.S3.deleteObject(b -> b.bucket(bucket).key(prefix + key));
        }

        @Override
        public int unfinishedWrites() {
            return uploads().size();
        }

        @Override
        public int partsOfUnfinishedWrites() {
            int parts = 0;
            for (MultipartUpload u : uploads()) {
                try {
                    parts += Client.S3.listParts(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId())).parts().size();
                } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
                    // completed or aborted since it was listed: no longer unfinished
                }
            }
            return parts;
        }

        private List<MultipartUpload> uploads() {
            return Client.S3.listMultipartUploads(b -> b.bucket(bucket).prefix(prefix)).uploads();
        }

        /** One client for the test JVM: tests poll the bucket every few milliseconds. */
        private static final class Client {
            static final S3Client S3 = S3Service.get().client();
        }
    }
}
