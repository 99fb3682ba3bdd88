// The simulators' TLS certificate, made at start: self-signed for localhost and 127.0.0.1, and trusted only by the
// process that starts the simulators, through the outbound pool's CA option (never by turning verification off).
import { generate } from "selfsigned";

export interface SimulatorCertificate {
  /** PEM. */
  cert: string;
  /** PEM. */
  key: string;
}

const VALID_DAYS = 30;

async function create(): Promise<SimulatorCertificate> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const pems = await generate([{ name: "commonName", value: "m365-mcp simulators" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + VALID_DAYS * 86_400_000),
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }] },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

let shared: Promise<SimulatorCertificate> | undefined;

/** One certificate per process, for every simulator it starts. */
export function simulatorCertificate(): Promise<SimulatorCertificate> {
  shared ??= create();
  return shared;
}
