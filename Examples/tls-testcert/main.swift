// tls-testcert: writes a throw-away CA and a server certificate for localhost, 127.0.0.1 and ::1.
//
//   tls-testcert DIRECTORY
//
// Writes DIRECTORY/ca.pem, DIRECTORY/server.pem and DIRECTORY/server-key.pem (EC P-256, valid one day),
// for a local nginx or any test server; clients trust ca.pem (`fetch --cacert DIRECTORY/ca.pem`).
// Never use these for anything real.
import Glibc
import TLS
import TLSTesting

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 1, let directory = arguments.first, !directory.hasPrefix("-") else {
    let usage = "usage: tls-testcert DIRECTORY  (writes ca.pem, server.pem, server-key.pem)\n"
    _ = usage.withCString { write(2, $0, strlen($0)) }
    exit(2)
}
do {
    let authority = try TLSCertificateAuthority(commonName: "Torsion tls-testcert throw-away CA")
    let server = try authority.issue(
        commonName: "localhost", dnsNames: TLSTestCertificates.dnsNames, ipAddresses: TLSTestCertificates.ipAddresses)
    try authority.certificate.write(to: directory + "/ca.pem")
    try server.write(certificateTo: directory + "/server.pem", keyTo: directory + "/server-key.pem")
    print("\(directory)/ca.pem\n\(directory)/server.pem\n\(directory)/server-key.pem")
} catch {
    let message = "tls-testcert: \(error)\n"
    _ = message.withCString { write(2, $0, strlen($0)) }
    exit(1)
}
