#!/usr/bin/env python3
"""An HTTPS server that is not a usable vCenter, for the provider's tests.

Usage: fake_sdk.py MODE DIR
  html       answers every request with a web page (some other web server)
  hostagent  answers RetrieveServiceContent as an ESXi host does (apiType HostAgent)
  old        answers as a vCenter whose API is too old (5.5)
  paged      a vCenter 6.7 that insists on its session cookie and gives the three folders
             of a container view in two pages (RetrievePropertiesEx, then
             ContinueRetrievePropertiesEx), which vcsim never does
  endless    paged, but its first page never ends: a folder name that goes on as fast as
             the client reads, until the client hangs up
  trickle    answers RetrieveServiceContent one byte a second, without end: each byte
             arrives well within any receive timeout
  api        a vCenter 7's vSphere Automation API at /api (never /rest): POST /api/session
             with basic auth u:p, then the id in vmware-api-session-id; GET
             /api/cis/tagging/category lists one category, whose read is NOT_FOUND (as
             if deleted in between), as is .../category/missing; DELETE /api/session logs out
Writes a self-signed certificate into DIR, prints its port, serves until SIGTERM.
"""

import base64
import http.server
import json
import ssl
import subprocess
import sys
import time

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

ENVELOPE = """<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
<soapenv:Body>{}</soapenv:Body></soapenv:Envelope>"""

NOT_AUTHENTICATED = """<soapenv:Fault><faultcode>ServerFaultCode</faultcode>
<faultstring>The session is not authenticated.</faultstring><detail>
<NotAuthenticatedFault xmlns="urn:vim25" xsi:type="NotAuthenticated"><object type="Folder">group-d1</object>
<privilegeId>System.View</privilegeId></NotAuthenticatedFault></detail></soapenv:Fault>"""


def folders(*names):
    return "".join('<objects><obj type="Folder">{0}</obj><propSet><name>name</name>'
                   '<val xsi:type="xsd:string">{0}</val></propSet></objects>'.format(n) for n in names)


PAGED = {
    "Login": "<LoginResponse xmlns=\"urn:vim25\"><returnval><key>s1</key><userName>u</userName><fullName>u</fullName>"
             "<loginTime>2026-01-01T00:00:00Z</loginTime><lastActiveTime>2026-01-01T00:00:00Z</lastActiveTime>"
             "<locale>en</locale><messageLocale>en</messageLocale><extensionSession>false</extensionSession>"
             "<ipAddress>127.0.0.1</ipAddress><userAgent>t</userAgent><callCount>1</callCount></returnval>"
             "</LoginResponse>",
    "CreateContainerView": "<CreateContainerViewResponse xmlns=\"urn:vim25\"><returnval type=\"ContainerView\">"
                           "session[s1]view-1</returnval></CreateContainerViewResponse>",
    "RetrievePropertiesEx": "<RetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval><token>page-2</token>"
                            + folders("a", "b") + "</returnval></RetrievePropertiesExResponse>",
    "ContinueRetrievePropertiesEx": "<ContinueRetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval>"
                                    + folders("c") + "</returnval></ContinueRetrievePropertiesExResponse>",
    "DestroyView": "<DestroyViewResponse xmlns=\"urn:vim25\"/>",
    "Logout": "<LogoutResponse xmlns=\"urn:vim25\"/>",
}


def paged(request, cookie):
    """The answer, the status and the cookie to set for one request of the paged mode."""
    method = request.split("Body>", 1)[-1].lstrip().lstrip("<").split(">")[0].split()[0].split(":")[-1]
    if method == "RetrieveServiceContent":
        return ANSWERS["vcenter"][1], 200, None
    if method == "Login":
        return ENVELOPE.format(PAGED[method]), 200, "vmware_soap_session=\"s1\"; Path=/; HttpOnly"
    if cookie != "vmware_soap_session=\"s1\"":
        return ENVELOPE.format(NOT_AUTHENTICATED), 500, None
    return ENVELOPE.format(PAGED[method]), 200, None


ANSWERS = {
    "html": ("text/html", "<html><body><h1>It works!</h1></body></html>"),
    "hostagent": ("text/xml; charset=utf-8", SERVICE_CONTENT.format(
        name="VMware ESXi", version="7.0.3", line="embeddedEsx", api_type="HostAgent")),
    "old": ("text/xml; charset=utf-8", SERVICE_CONTENT.format(
        name="VMware vCenter Server", version="5.5", line="vpx", api_type="VirtualCenter")),
    "vcenter": ("text/xml; charset=utf-8", SERVICE_CONTENT.format(
        name="VMware vCenter Server", version="6.7.3", line="vpx", api_type="VirtualCenter")),
}


def endless_page(write):
    """Writes a RetrievePropertiesEx reply that never ends, until the client hangs up: a
    folder whose name goes on and on (an endless array would stop at gSOAP's maxoccurs)."""
    write((ENVELOPE.split("{}")[0] + '<RetrievePropertiesExResponse xmlns="urn:vim25"><returnval><objects>'
           '<obj type="Folder">a</obj><propSet><name>name</name><val xsi:type="xsd:string">').encode())
    chunk = b"x" * 65536
    while True:
        write(chunk)


def trickle(write):
    """Writes a reply one byte a second, without end (whitespace after the envelope)."""
    for byte in ANSWERS["vcenter"][1].encode():
        write(bytes([byte]))
        time.sleep(1)
    while True:
        write(b" ")
        time.sleep(1)


API_SESSION = "api-session-1"


def api(method, path, headers):
    """(status, JSON body) of one request to the api mode's /api."""
    if method == "POST" and path == "/api/session":
        expected = "Basic " + base64.b64encode(b"u:p").decode()
        if headers.get("Authorization") != expected:
            return 401, '{"error_type": "UNAUTHENTICATED", "messages": []}'
        return 201, json.dumps(API_SESSION)
    if not path.startswith("/api/"):
        return 404, ""
    if headers.get("vmware-api-session-id") != API_SESSION:
        return 401, '{"error_type": "UNAUTHENTICATED", "messages": []}'
    if method == "DELETE" and path == "/api/session":
        return 204, ""
    if method == "GET" and path == "/api/cis/tagging/category":
        return 200, '["urn:vmomi:InventoryServiceCategory:c1:GLOBAL"]'
    return 404, json.dumps({"error_type": "NOT_FOUND", "messages": [
        {"id": "com.vmware.vapi.std.errors.not_found", "default_message": f"{path} not found"}]})


STREAMS = {"endless": ("RetrievePropertiesEx", endless_page), "trickle": ("RetrieveServiceContent", trickle)}


def main():
    mode, directory = sys.argv[1], sys.argv[2]
    cert, key = directory + "/fake-sdk.pem", directory + "/fake-sdk.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", key, "-out", cert],
                   check=True, capture_output=True)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def answer_api(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            status, body = api(self.command, self.path, self.headers)
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_DELETE = answer_api

        def do_POST(self):
            if mode == "api":
                self.answer_api()
                return
            request = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
            status, cookie = 200, None
            if mode in STREAMS and STREAMS[mode][0] in request:
                self.send_response(200)
                self.send_header("Content-Type", "text/xml; charset=utf-8")
                self.send_header("Connection", "close")  # the body ends when the connection does
                self.end_headers()
                self.wfile.flush()
                try:
                    STREAMS[mode][1](self.wfile.write)
                except OSError:
                    pass  # the client gave up, as it should
                self.close_connection = True
                return
            if mode in ("paged", "endless"):
                content_type = "text/xml; charset=utf-8"
                body, status, cookie = paged(request, self.headers.get("Cookie"))
            else:
                content_type, body = ANSWERS[mode]
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            if cookie:
                self.send_header("Set-Cookie", cookie)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    # Threads: a stream that never ends must not keep other connections from an answer.
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
