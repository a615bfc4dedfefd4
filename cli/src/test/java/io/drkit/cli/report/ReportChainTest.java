package io.drkit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.testing.RealServices;
import io.drkit.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/** Stored reports cannot be quietly edited, removed or re-signed: {@code report --check} names the break. */
@ExtendWith(RealServices.class)
class ReportChainTest {

    @TempDir
    Path dir;

    @Test
    void editingOrRemovingAnyReportBreaksTheChain(TestDatabase source, TestDatabase catalog) throws Exception {
        b = BackupFixture.onFiles(source, catalog, dir).seeded(100);
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        b.env.put("DRKIT_REPORTS_DIRECTORY", dir.resolve("local-reports").toString());
        b.env.put("DRKIT_REPORTS_SIGNING_KEY_FILE", pem(dir.resolve("signing.pem"), "PRIVATE KEY", keys.getPrivate().getEncoded()));
        b.env.put("DRKIT_REPORTS_VERIFY_KEY_FILE", pem(dir.resolve("verify.pem"), "PUBLIC KEY", keys.getPublic().getEncoded()));
        b.init();
        b.backup();
        for (int i = 0; i < 4; i++) {
            DrkitProcess.Result r = b.drkit("verify");
            assertThat(r.exitCode()).as(r.all()).isZero();
        }
        List<Path> reports = reportFiles();
        assertThat(reports).hasSize(4);
        assertThat(check(0).get("signed").asInt()).isEqualTo(4);
        assertThat(Files.readString(reports.get(1))).contains("\"previousSha256\"").contains("\"signature\" : \"");

        Path second = reports.get(1);
        String secondId = id(second);
        String original = Files.readString(second);
        Files.writeString(second, original.replace("\"verdict\" : \"passed\"", "\"verdict\" : \"failed\""));
        assertThat(check(3).get("firstBreak").asString()).startsWith("report " + secondId + " was changed after it was written");
        Files.writeString(second, original);
        check(0);

        Path secondHtml = html(second);
        String page = Files.readString(secondHtml);
        Files.writeString(secondHtml, page.replace("PASSED", "PASSED!"));
        assertThat(check(3).get("firstBreak").asString()).contains(secondId).contains("HTML page was changed");
        Files.writeString(secondHtml, page);

        Path third = reports.get(2);
        byte[] thirdJson = Files.readAllBytes(third);
        byte[] thirdHtml = Files.readAllBytes(html(third));
        Files.delete(third);
        Files.delete(html(third));
        assertThat(check(3).get("firstBreak").asString()).contains("report " + id(reports.get(3)) + " follows report "
                + id(third)).contains("a report was removed");
        Files.write(third, thirdJson);
        Files.write(html(third), thirdHtml);
        check(0);

        Path last = reports.get(3);
        String lastJson = Files.readString(last);
        Files.writeString(last, lastJson.replace("\"passed\"", "\"failed\""));
        assertThat(check(3).get("firstBreak").asString()).startsWith("report " + id(last) + " was changed");
        Files.delete(last);
        assertThat(check(3).get("firstBreak").asString()).contains(id(last)).contains("no longer in the repository");
        Files.writeString(last, lastJson);
        check(0);

        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        DrkitProcess.Result wrongKey = b.drkit(Map.of("DRKIT_REPORTS_VERIFY_KEY_FILE",
                pem(dir.resolve("other.pem"), "PUBLIC KEY", other.getPublic().getEncoded())), "report", "--check", "--json");
        assertThat(wrongKey.exitCode()).as(wrongKey.all()).isEqualTo(3);
        assertThat(wrongKey.stdout()).contains("report " + id(reports.get(0)) + ": its Ed25519 signature does not verify");
    }

    private BackupFixture b;

    private JsonNode check(int exitCode) {
        DrkitProcess.Result r = b.drkit("report", "--check", "--json");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(exitCode);
        return BackupFixture.JSON.readTree(r.stdout());
    }

    private List<Path> reportFiles() throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("repo/reports"))) {
            return new ArrayList<>(s.filter(p -> p.toString().endsWith(".json")).sorted(
                    (x, y) -> x.getFileName().toString().compareTo(y.getFileName().toString())).toList());
        }
    }

    private static Path html(Path json) {
        String name = json.getFileName().toString();
        return json.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".html");
    }

    private static String id(Path json) {
        String name = json.getFileName().toString();
        return name.substring(0, name.length() - ".json".length());
    }

    static String pem(Path file, String type, byte[] der) throws Exception {
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END " + type + "-----\n");
        return file.toString();
    }
}
