package main

// One simulated vCenter: a vcsim VPX model (vcsim keeps one global
// registry, simulator.Map, so one vCenter per process), its inventory built
// from the world file and the shared host state, a SOAP listener with the
// fault injector and the vcshift extensions in front of vcsim, and a
// control listener.

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/simulator/vpx"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/types"
)

// VCenterInfo is what serve prints for each vCenter.
type VCenterInfo struct {
	Name       string `json:"name"`
	URL        string `json:"url"`
	User       string `json:"user"`
	Password   string `json:"password"`
	Thumbprint string `json:"thumbprint"`
	Control    string `json:"control"`
}

type vcServer struct {
	def   VCenterDef
	world *World
	state stateDir
	data  string // this vCenter's private directory (datastores)

	model *simulator.Model
	svc   *simulator.Service
	c     *vim25.Client // in-process client (bypasses the HTTP middleware)
	ctx   context.Context

	inj *Injector

	// mu: extension methods take it exclusively, every other SOAP call
	// shares it, so vcsim never sees an object half-changed by an extension.
	mu sync.RWMutex

	dcs       map[string]*dcRT                               // by datacenter moref value
	hosts     map[string]*hostRT                             // hosts in this inventory, by name
	switches  map[string]*simulator.DistributedVirtualSwitch // this vCenter's DVSes, by uuid
	deadHosts int32                                          // hosts not responding (atomic)

	portSpaces map[string]*portSpace // the switches' port numbering, by uuid (dvports.go)
	tags       *tagCleaner           // tag attachments of removed objects (tags.go)
	licences   map[string]string     // host moref value -> its licence key (licenses.go)

	httpSrv, ctlSrv *http.Server
	info            VCenterInfo
	stopPoll        chan struct{}
}

type dcRT struct {
	name                                 string
	ref, vmFolder, hostFolder, netFolder types.ManagedObjectReference
}

func uuidFromString(s string) string {
	return uuid.NewSHA1(uuid.NameSpaceOID, []byte(s)).String()
}

// certThumbprint is the SHA-256 fingerprint, colon-separated uppercase hex,
// as vCenter 7 shows it.
func certThumbprint(der []byte) string {
	sum := sha256.Sum256(der)
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(parts, ":")
}

// newSelfSignedCert makes a certificate for the address and localhost.
func newSelfSignedCert(cn, address string) (tls.Certificate, string, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"vcshift-sim"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(10 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.ParseIP(address)},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, certThumbprint(der), nil
}

// startVCenter builds the vCenter named name from the world and the state
// directory dir and starts its listeners.
func startVCenter(w *World, name, dir string) (*vcServer, error) {
	var def *VCenterDef
	for i := range w.VCenters {
		if w.VCenters[i].Name == name {
			def = &w.VCenters[i]
		}
	}
	if def == nil {
		return nil, fmt.Errorf("no vcenter %q in the world", name)
	}
	vc := &vcServer{
		def: *def, world: w, state: stateDir(dir),
		data:     filepath.Join(dir, "vc-"+name),
		ctx:      context.Background(),
		inj:      NewInjector(name),
		dcs:      map[string]*dcRT{},
		hosts:    map[string]*hostRT{},
		switches: map[string]*simulator.DistributedVirtualSwitch{},
	}
	if err := os.RemoveAll(vc.data); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(vc.data, 0o700); err != nil {
		return nil, err
	}
	if err := vc.inj.Configure(def.Faults); err != nil {
		return nil, err
	}
	vc.inj.HandleControl("/incidents", vc.handleIncidents)
	if err := vc.createModel(); err != nil {
		return nil, err
	}
	if err := vc.buildInventory(); err != nil {
		return nil, fmt.Errorf("building %s: %v", name, err)
	}
	if err := vc.listen(); err != nil {
		return nil, err
	}
	vc.stopPoll = make(chan struct{})
	go vc.pollTakeovers(vc.stopPoll)
	return vc, nil
}

// createModel makes an empty VPX model whose Login accepts the world's
// credentials, and an in-process client to build the inventory with.
func (vc *vcServer) createModel() error {
	// A vCenter of the hosts' own generation: vcsim says 6.5, which would manage no
	// ESXi 7 host (one vCenter per process, so the package's global can be set).
	about := &vpx.ServiceContent.About
	about.Version, about.Build, about.ApiVersion = "7.0.3", "19234570", "7.0.3.0"
	about.FullName = "VMware vCenter Server 7.0.3 build-19234570 (simulated)"
	// Each vCenter has an instance uuid of its own (vcsim's is one constant), the same
	// at every start of the same world.
	about.InstanceUuid = uuidFromString("vcenter/" + vc.def.Name)
	m := simulator.VPX()
	m.Datacenter, m.Portgroup, m.Host, m.Cluster, m.ClusterHost, m.Datastore, m.Machine = 0, 0, 0, 0, 0, 0, 0
	m.Autostart = false
	if err := m.Create(); err != nil {
		return err
	}
	vc.model, vc.svc = m, m.Service
	installManagers()
	installPagingCollector()
	// vcsim checks Login against Listen.User; NewServer registers the SDK
	// handlers on svc.ServeMux, which we serve on our own listener.
	vc.svc.Listen = &url.URL{Host: "127.0.0.1:0", User: url.UserPassword(vc.def.User, vc.def.Password)}
	vc.svc.RegisterEndpoints = true // the vAPI simulator under /rest (tags.go)
	tmp := vc.svc.NewServer()
	tmp.Close()
	vc.installTagCleaner()
	vc.installLicenses()
	c, err := vim25.NewClient(vc.ctx, vc.svc)
	if err != nil {
		return err
	}
	vc.c = c
	return nil
}

// listen opens the SOAP and control listeners on the vCenter's loopback address.
func (vc *vcServer) listen() error {
	soapLn, err := net.Listen("tcp", net.JoinHostPort(vc.def.Address, fmt.Sprint(vc.def.Port)))
	if err != nil {
		return err
	}
	ctlLn, err := net.Listen("tcp", net.JoinHostPort(vc.def.Address, "0"))
	if err != nil {
		soapLn.Close()
		return err
	}
	addr := soapLn.Addr().String()
	quiet := log.New(io.Discard, "", 0)
	soap := serveServiceVersions(vpx.ServiceContent.About.ApiVersion, vc.extHandler(vc.restFront(vc.svc.ServeMux)))
	vc.httpSrv = &http.Server{Handler: vc.inj.Wrap(soap), ErrorLog: quiet}
	scheme := "http"
	if *vc.def.HTTPS {
		scheme = "https"
		cert, thumb, err := newSelfSignedCert("vcenter-"+vc.def.Name, vc.def.Address)
		if err != nil {
			return err
		}
		vc.info.Thumbprint = thumb
		vc.httpSrv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
		soapLn = tls.NewListener(soapLn, vc.httpSrv.TLSConfig)
	}
	u := &url.URL{Scheme: scheme, Host: addr, Path: "/sdk"}
	simulator.Map.SessionManager().ServiceHostName = addr
	vc.svc.Listen = &url.URL{Scheme: scheme, Host: addr, Path: "/sdk", User: url.UserPassword(vc.def.User, vc.def.Password)}

	vc.ctlSrv = &http.Server{Handler: vc.inj.ControlHandler(), ErrorLog: quiet}
	vc.info.Name, vc.info.URL, vc.info.User, vc.info.Password = vc.def.Name, u.String(), vc.def.User, vc.def.Password
	vc.info.Control = "http://" + ctlLn.Addr().String()

	go func() { _ = vc.httpSrv.Serve(soapLn) }()
	go func() { _ = vc.ctlSrv.Serve(ctlLn) }()
	return nil
}

// Close stops the listeners.
func (vc *vcServer) Close() {
	close(vc.stopPoll)
	_ = vc.httpSrv.Close()
	_ = vc.ctlSrv.Close()
}

// addressOf is the address of the vCenter named name, as a host it manages
// reports it (every vCenter's address is in the world file); "" for none.
func (vc *vcServer) addressOf(name string) string {
	for _, v := range vc.world.VCenters {
		if v.Name == name {
			return v.Address
		}
	}
	return ""
}
