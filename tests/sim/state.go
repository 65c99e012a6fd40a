package main

// The physical world shared by the vCenter processes: one JSON file per
// ESXi host under STATE/hosts/, guarded by an exclusive flock on
// STATE/world.lock. A host file says which vCenter manages the host (if
// any) and holds everything that stays with the physical host when it
// changes vCenter: VMs (name, power state, NICs), pNICs, standard
// switches, VMkernel adapters and DVS proxy switches.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// PhysHost is the state of one physical host.
type PhysHost struct {
	HostDef
	// ManagedBy is the vCenter the host's vpxa answers to ("" = none).
	ManagedBy string `json:"managed_by"`
	// Connected: ManagedBy has the host connected (not disconnected by the user).
	Connected bool `json:"connected"`
	// NotResponding: the management VMkernel adapter lost its uplinks.
	NotResponding bool `json:"not_responding,omitempty"`
	// Proxies are DVS proxy switches present on the host. They stay on the
	// host when it leaves the vCenter that owns the DVS.
	Proxies []ProxyState `json:"proxy_switches,omitempty"`
	// Incidents: outages this host has had (incidents.go).
	Incidents []Incident `json:"incidents,omitempty"`
	// Gen counts writes of the file (a debugging aid when reading the state directory).
	Gen int64 `json:"gen"`
}

// ProxyState is a host proxy switch of a DVS.
type ProxyState struct {
	DVSName string            `json:"dvs_name"`
	DVSUuid string            `json:"dvs_uuid"`
	VCenter string            `json:"vcenter"` // owner of the DVS
	MTU     int32             `json:"mtu"`
	Uplinks map[string]string `json:"uplinks"` // pnic -> uplink name
	// Ports are the host's uplink ports on the switch, uplink name -> port key,
	// as the switch's vCenter numbered them (dvports.go).
	Ports map[string]string `json:"ports,omitempty"`
}

type stateDir string

func (d stateDir) hostPath(name string) string {
	return filepath.Join(string(d), "hosts", strings.ReplaceAll(name, "/", "_")+".json")
}

// lock takes the world lock; the returned func releases it.
func (d stateDir) lock() (func(), error) {
	f, err := os.OpenFile(filepath.Join(string(d), "world.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// withLock runs fn under the world lock.
func (d stateDir) withLock(fn func() error) error {
	unlock, err := d.lock()
	if err != nil {
		return err
	}
	defer unlock()
	return fn()
}

// readHost returns nil, nil when the host does not exist.
func (d stateDir) readHost(name string) (*PhysHost, error) {
	data, err := os.ReadFile(d.hostPath(name))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	h := new(PhysHost)
	if err := json.Unmarshal(data, h); err != nil {
		return nil, fmt.Errorf("%s: %v", d.hostPath(name), err)
	}
	return h, nil
}

func (d stateDir) writeHost(h *PhysHost) error {
	h.Gen++
	data, err := json.MarshalIndent(h, "", " ")
	if err != nil {
		return err
	}
	p := d.hostPath(h.Name)
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

// initState writes the world's hosts into dir unless it already holds a
// world (a state directory reused across serve runs keeps its state).
func initState(dir string, w *World) error {
	d := stateDir(dir)
	if err := os.MkdirAll(filepath.Join(dir, "hosts"), 0o700); err != nil {
		return err
	}
	return d.withLock(func() error {
		if _, err := os.Stat(filepath.Join(dir, "world.json")); err == nil {
			return nil
		}
		owner := map[string]string{}
		for _, v := range w.VCenters {
			for h := range v.placements() {
				owner[h] = v.Name
			}
		}
		dvsOwner := map[string]string{}
		for _, v := range w.VCenters {
			for _, dc := range v.Datacenters {
				for _, dv := range dc.DVSwitches {
					dvsOwner[dv.Name] = v.Name
				}
			}
		}
		for _, hd := range w.Hosts {
			h := &PhysHost{HostDef: hd, ManagedBy: owner[hd.Name], Connected: owner[hd.Name] != ""}
			for _, v := range w.VCenters {
				for _, dc := range v.Datacenters {
					for _, dv := range dc.DVSwitches {
						ports := worldUplinkPorts(dv)
						for _, m := range dv.Hosts {
							if m.Host == hd.Name {
								h.Proxies = append(h.Proxies, ProxyState{
									DVSName: dv.Name, DVSUuid: dvsUUID(v.Name, dc.Name, dv.Name),
									VCenter: v.Name, MTU: dv.MTU, Uplinks: copyMap(m.Uplinks), Ports: ports[m.Host]})
							}
						}
					}
				}
			}
			for k := range h.Vmknics {
				vk := &h.Vmknics[k]
				if vk.DVS != "" {
					for _, p := range h.Proxies {
						if p.DVSName == vk.DVS {
							vk.DVSUuid = p.DVSUuid
						}
					}
				}
			}
			if err := d.writeHost(h); err != nil {
				return err
			}
		}
		data, _ := json.MarshalIndent(w, "", " ")
		return os.WriteFile(filepath.Join(dir, "world.json"), data, 0o600)
	})
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// dvsUUID is the DVS uuid a vCenter gives its switch: stable across runs,
// different between vCenters (as real DVS uuids are).
func dvsUUID(vc, dc, name string) string {
	u := uuidFromString("dvs/" + vc + "/" + dc + "/" + name)
	// vCenter shows DVS uuids as 16 space-separated bytes, two groups joined by '-'
	hex := strings.ReplaceAll(u, "-", "")
	var parts []string
	for i := 0; i < 32; i += 2 {
		parts = append(parts, hex[i:i+2])
	}
	return strings.Join(parts[:8], " ") + "-" + strings.Join(parts[8:], " ")
}

// loadStateWorld reads the world serve wrote into the state directory.
func loadStateWorld(dir string) (*World, error) {
	data, err := os.ReadFile(filepath.Join(dir, "world.json"))
	if err != nil {
		return nil, err
	}
	w := new(World)
	if err := json.Unmarshal(data, w); err != nil {
		return nil, err
	}
	w.applyDefaults()
	return w, nil
}
