package io.drkit.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.testing.FaultProxy;
import io.drkit.core.testing.FaultProxy.Faults;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.S3Service;
import io.drkit.core.testing.TestBucket;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 store behind a proxy that misbehaves as object storage does on a bad day (503 SlowDown,
 * connections cut in the middle of an answer, late answers): reads and writes still complete byte for
 * byte; a store that answers nothing fails with exit 1 naming the object and the endpoint; a read
 * never splices two versions of an object.
 */
@ExtendWith(RealServices.class)
@Timeout(180)
class S3ObjectStoreFaultsTest {

    private static final String PREFIX = "repo/";
    /** Quick to give up, so the test of a dead store is short; the defaults are minutes. */
    private static final StorePolicy IMPATIENT = new StorePolicy(3, Duration.ofSeconds(10), Duration.ofSeconds(5),
            Duration.ofSeconds(20), Duration.ofSeconds(2));

    private final TestBucket bucket;
    private FaultProxy proxy;

    S3ObjectStoreFaultsTest(TestBucket bucket) {
        this.bucket = bucket;
    }

    @BeforeEach
    void startProxy() throws Exception {
        proxy = FaultProxy.start(bucket.endpoint(), 0, 15);
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private ObjectStore throughProxy(StorePolicy policy) {
        return ObjectStores.open(bucket.repository("repo"), proxy.endpoint().toString(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(bucket.accessKey(), bucket.secretKey())),
                bucket.region(), 2, policy);
    }

    @Test
    void onABadDayEveryWriteAndReadCompletesByteForByte() throws Exception {
        proxy.use(Faults.BAD_DAY);
        List<byte[]> written = new java.util.ArrayList<>();
        try (ObjectStore store = throughProxy(StorePolicy.DEFAULT)) {
            for (int i = 0; i < 12; i++) {
                // every third object is multipart: several part uploads and a completion to lose answers of
                byte[] data = ObjectStoreContract.random(i % 3 == 0 ? ObjectStoreContract.LARGE : 300_000 + i, i);
                written.add(data);
                try (ObjectWriter w = store.create("points/p/data/t/" + i)) {
                    w.write(data);
                    w.commit();
                }
            }
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < written.size(); i++) {
                    assertThat(store.read("points/p/data/t/" + i)).as("object %d, round %d", i, round)
                            .isEqualTo(written.get(i));
                }
            }
            assertThat(store.list("points/")).hasSize(written.size());
        }
        FaultProxy.Counts c = proxy.counts();
        assertThat(c.slowDowns()).as("503 SlowDown answered").isPositive();
        assertThat(c.cuts()).as("connections cut mid-answer").isPositive();
    }

    @Test
    void aReadCutInEveryAnswerResumesFromTheByteReached() throws Exception {
        byte[] data = ObjectStoreContract.random(3_000_000, 7);
        try (S3Client s3 = S3Service.get().client()) {
            s3.putObject(b -> b.bucket(bucket.name()).key(PREFIX + "big"), RequestBody.fromBytes(data));
        }
        proxy.use(Faults.cutEvery());
        try (ObjectStore store = throughProxy(StorePolicy.DEFAULT); InputStream in = store.open("big")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(proxy.counts().cuts()).as("each answer cut half-way, so many resumes").isGreaterThan(5);
    }

    @Test
    void anObjectThatChangesWhileReadIsNotSplicedOntoItsOldBytes() throws Exception {
        byte[] before = ObjectStoreContract.random(2_000_000, 1);
        byte[] after = ObjectStoreContract.random(2_000_000, 2);
        try (S3Client s3 = S3Service.get().client()) {
            s3.putObject(b -> b.bucket(bucket.name()).key(PREFIX + "moving"), RequestBody.fromBytes(before));
            proxy.use(Faults.cutEvery());
            try (ObjectStore store = throughProxy(StorePolicy.DEFAULT); InputStream in = store.open("moving")) {
                assertThat(in.read()).isEqualTo(before[0] & 0xff);
                s3.putObject(b -> b.bucket(bucket.name()).key(PREFIX + "moving"), RequestBody.fromBytes(after));
                assertThatThrownBy(in::readAllBytes).isInstanceOf(DrkitException.class)
                        .hasMessageContaining("moving").hasMessageContaining("changed while it was being read")
                        .satisfies(e -> assertThat(((DrkitException) e).exitCode()).isEqualTo(ExitCode.JOB_FAILED));
            }
        }
    }

    @Test
    void aStoreThatDropsEveryRequestIsAFailureNamingTheObjectAndTheEndpointNotDamage() {
        proxy.use(Faults.DROP_ALL);
        long started = System.nanoTime();
        try (ObjectStore store = throughProxy(IMPATIENT)) {
            assertThatThrownBy(() -> store.read("points/p/manifest.json"))
                    .isInstanceOf(ObjectStoreFailedException.class)
                    .hasMessageStartingWith("the object store failed: cannot read s3://" + bucket.name()
                            + "/repo/points/p/manifest.json (endpoint " + proxy.endpoint() + ")")
                    .hasMessageEndingWith("retry later")
                    .satisfies(e -> assertThat(((DrkitException) e).exitCode()).isEqualTo(ExitCode.JOB_FAILED));
            assertThatThrownBy(() -> store.stat("drkit.json")).isInstanceOf(ObjectStoreFailedException.class)
                    .hasMessageContaining("drkit.json").hasMessageNotContaining("//drkit.json");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("within the policy's time")
                .isLessThan(Duration.ofSeconds(60));
        assertThat(proxy.counts().dropped()).as("tried again, 1 + 3 times per request").isGreaterThanOrEqualTo(8);
    }
}
