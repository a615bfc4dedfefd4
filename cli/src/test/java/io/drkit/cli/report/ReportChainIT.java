package io.drkit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.repository.RepositoryJson;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stored reports cannot be quietly edited, removed, slipped in or re-signed: {@code report --check}
 * names the break. One chain of four signed reports is built once; each tamper is made on it, checked
 * with one {@code report --check}, and undone from a pristine copy of the reports and of the catalog's
 * record of them, so that every case starts from the same whole chain.
 */
@ExtendWith(RealServices.class)
class ReportChainIT {

    @TempDir
    Path dir;

    private BackupFixture b;
    private TestDatabase catalog;

    /** One tamper: what is done to the chain, and how the check must name it. */
    private interface Tamper {
        void apply() throws Exception;
    }

    @Test
    void everyEditRemovalSlipOrReSigningBreaksTheChain(TestDatabase source, TestDatabase catalog) throws Exception {
        this.catalog = catalog;
        b = BackupFixture.onFiles(source, catalog, dir).seeded(100);
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
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
        // the index is current after every job that wrote a report, without `drkit report`
        assertThat(Files.readString(dir.resolve("local-reports/index.html"))).contains(id(reports.get(3)));
        assertThat(Files.readString(dir.resolve("repo/reports/index.html"))).contains(id(reports.get(3)));
        JsonNode whole = check(0);
        assertThat(whole.get("reports").asInt()).isEqualTo(4);
        assertThat(whole.get("signed").asInt()).isEqualTo(4);
        assertThat(Files.readString(reports.get(1))).contains("\"previousSha256\"").contains("\"signature\" : \"");
        // each report names its signing key by the SHA-256 of the public key's DER, as OpenSSL prints it
        String keySha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded()));
        assertThat(BackupFixture.JSON.readTree(Files.readString(reports.get(1))).get("signingKeySha256").asString())
                .isEqualTo(keySha);
        assertThat(Files.readString(html(reports.get(1)))).contains("public key has SHA-256 " + keySha);
        assertThat(BackupFixture.runAllowingFailure(Map.of(), "bash", "-c", "openssl pkey -pubin -in '"
                + dir.resolve("verify.pem") + "' -outform DER | sha256sum").output()).startsWith(keySha);
        // an auditor's check of one report with OpenSSL and the public key alone, as the README writes it
        assertThat(readmeOpensslCheck(reports.get(1))).contains("Signature Verified Successfully");
        Path edited = dir.resolve("edited.json");
        Files.writeString(edited, Files.readString(reports.get(1)).replace("\"passed\"", "\"failed\""));
        assertThat(readmeOpensslCheck(edited)).contains("Signature Verification Failure");

        Path reportsDir = dir.resolve("repo/reports");
        Path pristine = dir.resolve("pristine-reports");
        copyTree(reportsDir, pristine);
        sql("CREATE TABLE drkit_report_pristine AS SELECT * FROM drkit_report");

        Path first = reports.get(0);
        Path second = reports.get(1);
        Path third = reports.get(2);
        Path last = reports.get(3);
        String lastId = id(last);
        SoftAssertions softly = new SoftAssertions();

        // edits
        breaks(softly, "the first report edited", reportsDir, pristine,
                () -> edit(first, "\"passed\"", "\"failed\""),
                "report " + id(first) + " was changed after it was written (the catalog recorded SHA-256");
        breaks(softly, "the first report edited and the catalog's record of it too", reportsDir, pristine, () -> {
            edit(first, "\"passed\"", "\"failed\"");
            sql("UPDATE drkit_report SET sha256 = '" + sha256(first) + "' WHERE report_id = '" + id(first) + "'");
        }, "report " + id(first) + ": its Ed25519 signature does not verify");
        // even whoever holds the signing key cannot rewrite history: the next report records the first's SHA-256
        breaks(softly, "the first report edited, re-signed with the real key and the catalog made to agree",
                reportsDir, pristine, () -> reSign(first, keys.getPrivate()),
                "report " + id(first) + " was changed after it was written (report " + id(second) + " records SHA-256");
        breaks(softly, "a middle report edited", reportsDir, pristine,
                () -> edit(second, "\"verdict\" : \"passed\"", "\"verdict\" : \"failed\""),
                "report " + id(second) + " was changed after it was written");
        breaks(softly, "a middle report's HTML page edited", reportsDir, pristine,
                () -> edit(html(second), "PASSED", "PASSED!"),
                "report " + id(second) + ": its HTML page was changed after it was written");
        breaks(softly, "the last report edited", reportsDir, pristine,
                () -> edit(last, "\"passed\"", "\"failed\""),
                "report " + lastId + " was changed after it was written (the catalog recorded SHA-256");

        // removals
        breaks(softly, "the first report removed", reportsDir, pristine, () -> remove(first),
                "report " + id(second) + " follows report " + id(first) + ", but the report before it is none: "
                        + "a report was removed or slipped in");
        breaks(softly, "a middle report removed", reportsDir, pristine, () -> remove(third),
                "report " + lastId + " follows report " + id(third) + ", but the report before it is " + id(second)
                        + ": a report was removed or slipped in");
        breaks(softly, "only a middle report's HTML page removed", reportsDir, pristine,
                () -> Files.delete(html(second)), "report " + id(second) + ": its HTML page is missing");
        breaks(softly, "the last report removed", reportsDir, pristine, () -> remove(last),
                "report " + lastId + " was written (the catalog recorded it) but is no longer in the repository");

        // a report slipped in between the second and the third, linked to the second as a real one would be
        String slipped = id(second) + "x";
        breaks(softly, "a report slipped in", reportsDir, pristine, () -> {
            Path html = html(second).resolveSibling(slipped + ".html");
            Files.copy(html(second), html);
            ObjectNode forged = (ObjectNode) RepositoryJson.MAPPER.readTree(Files.readAllBytes(second));
            forged.put("reportId", slipped);
            ObjectNode chain = (ObjectNode) forged.get("chain");
            chain.put("previousReportId", id(second));
            chain.put("previousSha256", sha256(second));
            forged.put("htmlSha256", sha256(html));
            forged.putNull("signature");
            Files.write(second.resolveSibling(slipped + ".json"), RepositoryJson.MAPPER.writeValueAsBytes(forged));
        }, "report " + id(third) + " follows report " + id(second) + ", but the report before it is " + slipped
                + ": a report was removed or slipped in");

        // the catalog's record tampered with, the reports untouched
        breaks(softly, "the catalog's record of a report changed", reportsDir, pristine,
                () -> sql("UPDATE drkit_report SET sha256 = repeat('0', 64) WHERE report_id = '" + id(third) + "'"),
                "report " + id(third) + " was changed after it was written (the catalog recorded SHA-256 " + "0".repeat(64));

        // the last report edited, re-signed with another key and the catalog made to agree: only the signature tells
        breaks(softly, "the last report edited and re-signed with another key", reportsDir, pristine,
                () -> reSign(last, other.getPrivate()), "report " + lastId + ": its Ed25519 signature does not verify");
        // the same forgery made with the real key holds: what the case above caught is the key, not the forging
        reSign(last, keys.getPrivate());
        softly.assertThat(check(0).get("signed").asInt()).as("re-signed with the real key").isEqualTo(4);
        undo(reportsDir, pristine);

        // checked with a key that did not sign the chain
        DrkitProcess.Result wrongKey = b.drkit(Map.of("DRKIT_REPORTS_VERIFY_KEY_FILE",
                pem(dir.resolve("other.pem"), "PUBLIC KEY", other.getPublic().getEncoded())), "report", "--check", "--json");
        softly.assertThat(wrongKey.exitCode()).as(wrongKey.all()).isEqualTo(3);
        softly.assertThat(wrongKey.stdout()).contains("report " + id(first) + ": its Ed25519 signature does not verify");

        // without the public key the chain is checked, and the output says the signatures were not
        DrkitProcess.Result noKey = without("DRKIT_REPORTS_VERIFY_KEY_FILE", "report", "--check");
        softly.assertThat(noKey.exitCode()).as(noKey.all()).isZero();
        softly.assertThat(noKey.stdout()).contains("4 signed reports NOT checked: set DRKIT_REPORTS_VERIFY_KEY_FILE");
        DrkitProcess.Result noKeyRequired = without("DRKIT_REPORTS_VERIFY_KEY_FILE", "report", "--check",
                "--require-signatures");
        softly.assertThat(noKeyRequired.exitCode()).as(noKeyRequired.all()).isEqualTo(2);
        softly.assertThat(noKeyRequired.stderr()).contains("DRKIT_REPORTS_VERIFY_KEY_FILE");
        // a run whose signing key went missing appends an unsigned report: the chain holds, signatures required do not
        DrkitProcess.Result unsignedRun = without("DRKIT_REPORTS_SIGNING_KEY_FILE", "verify");
        softly.assertThat(unsignedRun.exitCode()).as(unsignedRun.all()).isZero();
        String unsigned = id(reportFiles().get(4));
        softly.assertThat(check(0).get("signed").asInt()).isEqualTo(4);
        DrkitProcess.Result required = b.drkit("report", "--check", "--require-signatures", "--json");
        softly.assertThat(required.exitCode()).as(required.all()).isEqualTo(3);
        softly.assertThat(required.stdout()).contains("report " + unsigned + " is not signed");
        DrkitProcess.Result signedOnly = b.drkit("report", "--check", "--require-signatures");
        softly.assertThat(signedOnly.stdout()).contains("BROKEN after 4 good reports");

        softly.assertAll();
    }

    /** drkit run with the fixture's settings but one. */
    private DrkitProcess.Result without(String setting, String... args) {
        Map<String, String> env = new java.util.HashMap<>(b.env);
        env.remove(setting);
        return DrkitProcess.run(env, dir, args);
    }

    /** Applies the tamper, checks that the check breaks naming it, then restores the whole chain. */
    private void breaks(SoftAssertions softly, String what, Path reportsDir, Path pristine, Tamper tamper, String named)
            throws Exception {
        tamper.apply();
        DrkitProcess.Result r = b.drkit("report", "--check", "--json");
        softly.assertThat(r.exitCode()).as(what + ": " + r.all()).isEqualTo(3);
        if (r.exitCode() == 3) {
            softly.assertThat(BackupFixture.JSON.readTree(r.stdout()).get("firstBreak").asString()).as(what)
                    .startsWith(named);
        }
        undo(reportsDir, pristine);
    }

    private void undo(Path reportsDir, Path pristine) throws Exception {
        deleteTree(reportsDir);
        copyTree(pristine, reportsDir);
        sql("DELETE FROM drkit_report; INSERT INTO drkit_report SELECT * FROM drkit_report_pristine");
    }

    /** Edits a report as someone holding a signing key would, and makes the catalog agree with the edit. */
    private void reSign(Path report, PrivateKey key) throws Exception {
        ObjectNode tree = (ObjectNode) RepositoryJson.MAPPER.readTree(Files.readAllBytes(report));
        assertThat(tree.get("verdict").asString()).isEqualTo("passed");
        tree.put("verdict", "failed");
        tree.putNull("signature");
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(RepositoryJson.MAPPER.writeValueAsBytes(tree));
        tree.put("signature", Base64.getEncoder().encodeToString(s.sign()));
        Files.write(report, RepositoryJson.MAPPER.writeValueAsBytes(tree));
        sql("UPDATE drkit_report SET sha256 = '" + sha256(report) + "' WHERE report_id = '" + id(report) + "'");
    }

    /** The README's commands for checking one report's signature, run by bash on {@code report}. */
    private String readmeOpensslCheck(Path report) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int from = readme.indexOf("```sh\n", readme.indexOf("An auditor can check one report's signature"));
        String script = readme.substring(from + "```sh\n".length(), readme.indexOf("```", from + 5))
                .replaceFirst("(?m)^r=.*$", "r='" + report + "'")
                .replace("report-verify.pem", "'" + dir.resolve("verify.pem") + "'");
        BackupFixture.ToolResult r = BackupFixture.runAllowingFailure(Map.of(), "bash", "-c", "cd '" + dir + "' && " + script);
        return r.output();
    }

    private JsonNode check(int exitCode) {
        DrkitProcess.Result r = b.drkit("report", "--check", "--json");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(exitCode);
        return BackupFixture.JSON.readTree(r.stdout());
    }

    private void sql(String statements) throws Exception {
        try (Connection c = catalog.connect(); Statement s = c.createStatement()) {
            s.execute(statements);
        }
    }

    private List<Path> reportFiles() throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("repo/reports"))) {
            return new ArrayList<>(s.filter(p -> p.toString().endsWith(".json")).sorted(
                    (x, y) -> x.getFileName().toString().compareTo(y.getFileName().toString())).toList());
        }
    }

    private static void edit(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    private static void remove(Path json) throws Exception {
        Files.delete(json);
        Files.delete(html(json));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
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
