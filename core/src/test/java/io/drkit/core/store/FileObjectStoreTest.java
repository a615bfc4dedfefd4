package io.drkit.core.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;

class FileObjectStoreTest extends ObjectStoreContract {

    @TempDir
    Path dir;

    @Override
    ObjectStore openStore() {
        return ObjectStores.open(dir.resolve("repo").toUri().toString(), null, 2);
    }

    @Override
    byte[] readIndependently(String key) throws Exception {
        return Files.readAllBytes(dir.resolve("repo").resolve(key));
    }

    @Override
    List<String> keysIndependently(String prefix) throws Exception {
        Path root = dir.resolve("repo");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(FileObjectStore.TEMP_MARK))
                    .map(p -> root.relativize(p).toString()).filter(k -> k.startsWith(prefix)).sorted().toList();
        }
    }

    @Override
    List<String> storeArguments() {
        return List.of(dir.resolve("repo").toUri().toString(), "-");
    }

    @Override
    Map<String, String> storeEnvironment() {
        return Map.of();
    }

    @Override
    int unfinishedWrites() throws Exception {
        if (!Files.isDirectory(dir.resolve("repo"))) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir.resolve("repo"))) {
            return (int) s.filter(p -> p.getFileName().toString().startsWith(FileObjectStore.TEMP_MARK)).count();
        }
    }
}
