package io.drkit.store;

import java.nio.file.Files;
import java.nio.file.Path;
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
    int unfinishedWrites() throws Exception {
        if (!Files.isDirectory(dir.resolve("repo"))) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir.resolve("repo"))) {
            return (int) s.filter(p -> p.getFileName().toString().startsWith(FileObjectStore.TEMP_MARK)).count();
        }
    }
}
