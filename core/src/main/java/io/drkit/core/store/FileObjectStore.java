package io.drkit.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import io.drkit.core.error.DrkitException;

/**
 * A repository in a directory. Each object is written to a temporary name beside its final one,
 * fsynced, renamed into place and its directory fsynced, so that after a crash or a power cut an
 * object either is whole under its name or is not there.
 */
public final class FileObjectStore implements ObjectStore {

    static final String TEMP_MARK = ".drkit-tmp-";

    private final Path root;

    public FileObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String uri() {
        return root.toUri().toString();
    }

    @Override
    public ObjectWriter create(String key) {
        Path target = resolve(key);
        try {
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling(TEMP_MARK + UUID.randomUUID() + "-" + target.getFileName());
            FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new FileWriter(key, target, temp, channel);
        } catch (IOException e) {
            throw failure("cannot write " + key, e);
        }
    }

    @Override
    public InputStream open(String key) {
        try {
            return Files.newInputStream(resolve(key));
        } catch (NoSuchFileException e) {
            throw new ObjectMissingException(uri(), key);
        } catch (IOException e) {
            throw failure("cannot read " + key, e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        Path p = resolve(key);
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return a.isRegularFile() ? Optional.of(new ObjectInfo(key, a.size(), a.lastModifiedTime().toInstant()))
                    : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("cannot read " + key, e);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        // Walk only the directory the prefix points into, not the whole repository.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<ObjectInfo> found = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(start)) {
            paths.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(TEMP_MARK))
                    .forEach(p -> {
                        String key = root.relativize(p).toString().replace('\\', '/');
                        if (key.startsWith(prefix)) {
                            stat(key).ifPresent(found::add);
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            throw failure("cannot list " + prefix, e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
        found.sort(Comparator.comparing(ObjectInfo::key));
        return found;
    }

    @Override
    public List<String> folders(String prefix) {
        Path dir = prefix.isEmpty() ? root : resolve(prefix.substring(0, prefix.length() - 1));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw failure("cannot list " + prefix, e);
        }
    }

    @Override
    public void publish(String temporaryKey, String key) {
        Path target = resolve(key);
        try {
            Files.createDirectories(target.getParent());
            try {
                Files.move(resolve(temporaryKey), target, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(resolve(temporaryKey), target, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw failure("cannot publish " + temporaryKey + " as " + key, e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(resolve(key));
        } catch (IOException e) {
            throw failure("cannot delete " + key, e);
        }
    }

    @Override
    public int discardUnfinishedWrites(String prefix) {
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return 0;
        }
        int discarded = 0;
        try (Stream<Path> paths = Files.walk(start)) {
            // deepest first, so a directory is looked at after what it held
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                String key = root.relativize(p).toString().replace('\\', '/');
                if (p.equals(root) || !(key.startsWith(prefix) || (key + "/").startsWith(prefix))) {
                    continue;
                }
                if (Files.isRegularFile(p) && p.getFileName().toString().startsWith(TEMP_MARK)) {
                    Files.deleteIfExists(p);
                    discarded++;
                } else if (Files.isDirectory(p) && isEmpty(p)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw failure("cannot discard unfinished writes under " + prefix, e);
        } catch (UncheckedIOException e) {
            throw failure("cannot discard unfinished writes under " + prefix, e.getCause());
        }
        return discarded;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> left = Files.list(dir)) {
            return left.findAny().isEmpty();
        }
    }

    @Override
    public boolean createContainer() {
        if (Files.isDirectory(root)) {
            return false;
        }
        try {
            Files.createDirectories(root);
            return true;
        } catch (IOException e) {
            throw failure("cannot create the repository directory", e);
        }
    }

    @Override
    public void close() {}

    private Path resolve(String key) {
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root) || key.isEmpty()) {
            throw new IllegalArgumentException("object key outside the repository: " + key);
        }
        return p;
    }

    private DrkitException failure(String what, IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
            return new StoreFullException("the disk of repository " + uri() + " is full (" + what + "): free space "
                    + "or move the repository to a larger disk", e);
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return DrkitException.usage("permission denied in repository " + uri() + " (" + what + ")", e);
        }
        return DrkitException.failed(what + " in repository " + uri() + ": " + message, e);
    }

    private final class FileWriter extends ObjectWriter {
        private final Path target;
        private final Path temp;
        private final FileChannel channel;

        FileWriter(String key, Path target, Path temp, FileChannel channel) {
            super(key);
            this.target = target;
            this.temp = temp;
            this.channel = channel;
        }

        @Override
        protected void writeBytes(byte[] b, int off, int len) throws IOException {
            try {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            } catch (IOException e) {
                throw failure("cannot write " + key(), e);
            }
        }

        @Override
        protected void finish() throws IOException {
            try {
                channel.force(true);
                channel.close();
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                    dir.force(true);
                }
            } catch (IOException e) {
                abort();
                throw failure("cannot write " + key(), e);
            }
        }

        @Override
        protected void abort() {
            try {
                channel.close();
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the temporary name is skipped by list() and overwritten by no one
            }
        }
    }
}
