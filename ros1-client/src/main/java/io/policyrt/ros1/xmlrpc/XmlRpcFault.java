package io.policyrt.ros1.xmlrpc;

/** A well-formed XML-RPC fault response: the remote method failed with a code and a message. */
public final class XmlRpcFault extends Exception {
    private final int faultCode;

    public XmlRpcFault(int faultCode, String faultString) {
        super("XML-RPC fault " + faultCode + ": " + faultString);
        this.faultCode = faultCode;
    }

    public int faultCode() { return faultCode; }
}
