#!/usr/bin/env python3
"""An HTTPS server that is not a usable vCenter, for the provider's tests.

Usage: fake_sdk.py MODE DIR
  html       answers every request with a web page (some other web server)
  hostagent  answers RetrieveServiceContent as an ESXi host does (apiType HostAgent)
  old        answers as a vCenter whose API is too old (5.5)
Writes a self-signed certificate into DIR, prints its port, serves until SIGTERM.
"""

import http.server
import ssl
import subprocess
import sys

SERVICE_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>
<RetrieveServiceContentResponse xmlns="urn:vim25"><returnval>
<rootFolder type="Folder">ha-folder-root</rootFolder>
<propertyCollector type="PropertyCollector">ha-property-collector</propertyCollector>
<about><name>{name}</name><fullName>{name} {version}</fullName><vendor>VMware, Inc.</vendor>
<version>{version}</version><build>1</build><osType>vmnix-x86</osType><productLineId>{line}</productLineId>
<apiType>{api_type}</apiType><apiVersion>{version}</apiVersion></about>
<sessionManager type="SessionManager">ha-sessionmgr</sessionManager>
</returnval></RetrieveServiceContentResponse></soapenv:Body></soapenv:Envelope>"""

ANSWERS = {
    "html": ("text/html", "<html><body><h1>It works!</h1></body></html>"),
    "hostagent": ("text/xml; charset=utf-8", SERVICE_CONTENT.format(
        name="VMware ESXi", version="7.0.3", line="embeddedEsx", api_type="HostAgent")),
    "old": ("text/xml; charset=utf-8", SERVICE_CONTENT.format(
        name="VMware vCenter Server", version="5.5", line="vpx", api_type="VirtualCenter")),
}


def main():
    mode, directory = sys.argv[1], sys.argv[2]
    content_type, body = ANSWERS[mode]
    cert, key = directory + "/fake-sdk.pem", directory + "/fake-sdk.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", key, "-out", cert],
                   check=True, capture_output=True)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
