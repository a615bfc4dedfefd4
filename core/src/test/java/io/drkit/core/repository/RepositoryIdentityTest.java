package io.drkit.core.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.core.digest.Sha256;
import io.drkit.core.store.FileObjectStore;

class RepositoryIdentityTest {

    @TempDir
    Path dir;

    @Test
    void bothSpellingsOfAFileRepositoryAreOneIdentityTheStoreAlreadyUsedForCatalogKeys() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        String bare = "file://" + repo;
        RepositoryIdentity a = RepositoryIdentity.of(bare);
        RepositoryIdentity b = RepositoryIdentity.of(bare + "/");
        assertThat(a).isEqualTo(b);
        assertThat(a.uri()).isEqualTo(new FileObjectStore(repo).uri());
        assertThat(RepositoryIdentity.of("file://" + repo + "/./")).isEqualTo(a);
        assertThat(a.names(bare)).isTrue();
        assertThat(a.names("file://" + dir.resolve("other"))).isFalse();
    }

    @Test
    void bothSpellingsOfAnS3RepositoryAreOneIdentity() {
        assertThat(RepositoryIdentity.of("s3://bucket/nightly").uri()).isEqualTo("s3://bucket/nightly/");
        assertThat(RepositoryIdentity.of("s3://bucket/nightly/")).isEqualTo(RepositoryIdentity.of("s3://bucket/nightly"));
        assertThat(RepositoryIdentity.of("s3://bucket").uri()).isEqualTo("s3://bucket/");
    }

    @Test
    void slotTagsKeepTheNamesChainsStartedUnderEitherSpellingAlreadyHave() {
        // before the identity, a slot's tag hashed the URI as configured
        String configured = "s3://bucket/nightly";
        RepositoryIdentity id = RepositoryIdentity.of(configured + "/");
        assertThat(id.slotTag()).isEqualTo("drkit_" + Sha256.hex(configured).substring(0, 8));
        assertThat(id.slotTags()).containsExactly(id.slotTag(), "drkit_" + Sha256.hex(configured + "/").substring(0, 8));
    }
}
