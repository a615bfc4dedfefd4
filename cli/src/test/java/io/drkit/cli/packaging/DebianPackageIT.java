package io.drkit.cli.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.core.progress.Progress;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import io.drkit.tracking.TrackingSchema;
import io.drkit.tracking.TrackingSeeder;

/**
 * The Debian package installed with dpkg into a fresh Debian root (the image's base: a JRE, pg_dump
 * and nothing of drkit's): it creates its user, settings, log directory and disabled timers; drkit
 * runs as that user, its pre-flight passes against a real server, and a purge leaves the root as it
 * was.
 */
@ExtendWith(RealServices.class)
class DebianPackageIT {

    /** What dpkg and the package's maintainer scripts rightly change for good: their own records and logs. */
    private static final List<String> DPKG_OWN = List.of("var/lib/dpkg", "var/log/", "var/cache/debconf", "etc/passwd-",
            "etc/group-", "etc/shadow-", "etc/gshadow-", "etc/subuid", "etc/subgid", "tmp", "proc", "root/.cache",
            "run/" /* a tmpfs on a running system: adduser leaves its lock file there */);

    @TempDir
    Path dir;

    @Test
    void installsRunsItsPreFlightAsItsUserAndPurgesCleanly(TestDatabase source, TestDatabase catalog) throws Exception {
        RootFs.assumeRoot();
        TrackingSchema.migrate(source.url());
        TrackingSeeder.seed(source.url(), 20, 7, Progress.NONE);
        RootFs machine = RootFs.unpack(dir.resolve("root"), List.of(RootFs.baseRootTar()));
        List<String> before = machine.inventory(DPKG_OWN);
        String passwd = Files.readString(machine.root.resolve("etc/passwd"));
        Files.copy(Path.of(System.getProperty("drkit.deb")), machine.root.resolve("tmp/drkit.deb"));

        RootFs.Result install = machine.runAsRoot("dpkg", "-i", "/tmp/drkit.deb");
        assertThat(install.exitCode()).as(install.all()).isZero();

        assertThat(machine.runAsRoot("getent", "passwd", "drkit").stdout())
                .matches("drkit:x:\\d{3}:\\d{3}:drkit backups,*:/var/lib/drkit:/usr/sbin/nologin\\s*");
        Path env = machine.root.resolve("etc/drkit/drkit.env");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env))).isEqualTo("rw-r-----");
        assertThat(machine.runAsRoot("stat", "-c", "%U:%G", "/etc/drkit/drkit.env").stdout().strip()).isEqualTo("root:drkit");
        assertThat(machine.runAsRoot("stat", "-c", "%U:%G %a", "/var/log/drkit").stdout().strip()).isEqualTo("drkit:adm 750");
        assertThat(machine.root.resolve("etc/logrotate.d/drkit")).content().contains("/var/log/drkit/*.log");
        assertThat(machine.root.resolve("lib/systemd/system/drkit-full-backup.timer")).exists();
        assertThat(machine.root.resolve("lib/systemd/system/drkit-verify-restore.service")).content()
                .contains("User=drkit", "EnvironmentFile=/etc/drkit/drkit.env", "ExecStart=/usr/bin/drkit verify --restore");
        try (var enabled = Files.list(machine.root.resolve("etc/systemd/system/timers.target.wants"))) {
            assertThat(enabled.map(p -> p.getFileName().toString())).as("timers stay disabled").noneMatch(n -> n.startsWith("drkit"));
        }
        assertThat(machine.root.resolve("var/cache/drkit/drkit.jsa")).as("the class-data archive for this JVM").isNotEmptyFile();

        Map<String, String> home = Map.of("HOME", "/var/lib/drkit");
        RootFs.Result version = machine.run("drkit:drkit", home, "drkit", "--version");
        assertThat(version.exitCode()).as(version.all()).isZero();
        assertThat(version.stdout().strip()).isEqualTo("drkit " + System.getProperty("drkit.version", "0.1.0-SNAPSHOT"));

        Files.writeString(env, Files.readString(env) + """
                DRKIT_SOURCE_URL=%s
                DRKIT_SCRATCH_URL=%s
                DRKIT_CATALOG_URL=%s
                DRKIT_REPOSITORY=file:///var/lib/drkit/repository
                """.formatted(source.url().url(), source.url().withDatabase("postgres").url(), catalog.url().url()));
        RootFs.Result init = machine.run("drkit:drkit", home, "drkit", "--config", "/etc/drkit/drkit.env", "init");
        assertThat(init.exitCode()).as(init.all()).isZero();
        RootFs.Result check = machine.run("drkit:drkit", home, "drkit", "--config", "/etc/drkit/drkit.env", "check");
        assertThat(check.exitCode()).as(check.all()).isZero();
        assertThat(check.stdout()).contains("ok       pg_dump: installed, of the source's major version or newer")
                .contains("ok       repository: writable and readable").endsWith("ready: every check holds\n");
        RootFs.Result unreadable = machine.run("65534:65534", Map.of("HOME", "/"), "drkit", "--config",
                "/etc/drkit/drkit.env", "check");
        assertThat(unreadable.exitCode()).as("the settings are not for other users").isEqualTo(2);
        assertThat(unreadable.stderr()).contains("/etc/drkit/drkit.env: not readable by this user");

        RootFs.Result purge = machine.runAsRoot("dpkg", "--purge", "drkit");
        assertThat(purge.exitCode()).as(purge.all()).isZero();
        List<String> after = machine.inventory(DPKG_OWN);
        assertThat(after.stream().filter(p -> !before.contains(p)).toList()).as("left behind").isEmpty();
        assertThat(before.stream().filter(p -> !after.contains(p)).toList()).as("taken away or changed").isEmpty();
        assertThat(Files.readString(machine.root.resolve("etc/passwd"))).isEqualTo(passwd);
    }
}
