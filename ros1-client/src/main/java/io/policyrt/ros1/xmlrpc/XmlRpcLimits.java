package io.policyrt.ros1.xmlrpc;

/**
 * Bounds on an XML-RPC document read from the network, so a hostile or broken peer cannot make
 * the node allocate without limit or recurse without end.
 *
 * @param maxDocumentBytes longest request or response body read
 * @param maxDepth         deepest nesting of arrays and structs
 */
public record XmlRpcLimits(int maxDocumentBytes, int maxDepth) {
    /** 4 MiB and 32 levels: a getSystemState of a large graph fits, a bomb does not. */
    public static final XmlRpcLimits DEFAULT = new XmlRpcLimits(4 << 20, 32);

    public XmlRpcLimits {
        if (maxDocumentBytes <= 0 || maxDepth <= 0) {
            throw new IllegalArgumentException("XML-RPC limits must be positive: " + maxDocumentBytes + ", " + maxDepth);
        }
    }
}
