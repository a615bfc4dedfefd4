package io.drkit.report;

import io.drkit.core.repository.RepositoryJson;
import tools.jackson.databind.node.ObjectNode;

/**
 * A report's JSON bytes. The signature covers the document with {@code signature} null, serialised
 * from the tree, so that a checker re-creates exactly the signed bytes from the stored file.
 */
final class ReportDocument {

    private ReportDocument() {}

    /** @param signer signs the unsigned bytes; null leaves the report unsigned */
    static byte[] bytes(Report report, java.util.function.Function<byte[], String> signer) {
        ObjectNode tree = RepositoryJson.MAPPER.valueToTree(report);
        tree.putNull("signature");
        if (signer == null) {
            return RepositoryJson.MAPPER.writeValueAsBytes(tree);
        }
        String signature = signer.apply(RepositoryJson.MAPPER.writeValueAsBytes(tree));
        tree.put("signature", signature);
        return RepositoryJson.MAPPER.writeValueAsBytes(tree);
    }

    /** The bytes the stored report's signature was made over. */
    static byte[] signedPart(byte[] stored) {
        ObjectNode tree = (ObjectNode) RepositoryJson.MAPPER.readTree(stored);
        tree.putNull("signature");
        return RepositoryJson.MAPPER.writeValueAsBytes(tree);
    }

    static Report parse(byte[] stored) {
        return RepositoryJson.MAPPER.readValue(stored, Report.class);
    }

}
