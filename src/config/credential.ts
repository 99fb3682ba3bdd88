// The app's client credential for the On-Behalf-Of exchange: a secret, or a certificate with its private key.
import { createPrivateKey, X509Certificate } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";

export type ClientCredential =
  | { kind: "secret"; secret: string }
  | {
      kind: "certificate";
      /** Hex SHA-256 thumbprint, as Entra and msal-node expect. */
      thumbprintSha256: string;
      privateKeyPem: string;
      /** The certificate PEM, sent as x5c so Entra can accept a rotated certificate by subject name. */
      certificatePem: string;
    };

const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----/g;

/** A PEM in the variable itself, or the path of a file holding it. */
function pemText(value: string): string {
  if (value.includes("-----BEGIN")) return value.replace(/\\n/g, "\n");
  if (!existsSync(value)) throw new Error("is neither a PEM nor the path of a readable file");
  return readFileSync(value, "utf8");
}

/** Throws a plain Error whose message completes "M365_MCP_CLIENT_CERTIFICATE …". */
export function certificateCredential(value: string): ClientCredential {
  const blocks = [...pemText(value).matchAll(PEM_BLOCK)];
  const certificatePem = blocks.find((b) => b[1] === "CERTIFICATE")?.[0];
  const privateKeyPem = blocks.find((b) => b[1]?.endsWith("PRIVATE KEY"))?.[0];
  if (!certificatePem || !privateKeyPem) throw new Error("must hold both a CERTIFICATE and a PRIVATE KEY PEM block");
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    throw new Error("holds a CERTIFICATE block that is not a valid X.509 certificate");
  }
  let key;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    throw new Error("holds a PRIVATE KEY block that cannot be read (an encrypted key is not supported)");
  }
  if (!certificate.checkPrivateKey(key)) throw new Error("holds a private key that does not belong to its certificate");
  // msal-node signs with PKCS#8; convert a PKCS#1 "RSA PRIVATE KEY" block so either export format works.
  const pkcs8 = key.export({ type: "pkcs8", format: "pem" }).toString();
  return { kind: "certificate", thumbprintSha256: certificate.fingerprint256.replace(/:/g, ""), privateKeyPem: pkcs8, certificatePem };
}
