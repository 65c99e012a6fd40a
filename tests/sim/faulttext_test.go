package main

import (
	"testing"

	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// Faults from the simulator's extensions and the injector's defaults carry
// vCenter's text, as a task's localizedMessage and as a SOAP faultstring, not a
// Go type name.
func TestFaultsCarryVCenterText(t *testing.T) {
	w := DefaultWorld(false)
	w.VCenters[0].Faults = []FaultRule{
		{Method: "QueryOptions", Kind: KindSoapFault, Fault: "SystemError"},
		{Method: "EnterMaintenanceMode_Task", Kind: KindTaskError, Fault: "InvalidState"},
	}
	s := startSim(t, w)
	src, tgt := s.login(t, "source"), s.login(t, "target")
	ctx := tctxLong(t)
	host := mustHost(t, src, "DC1", "esx-01.sim.local")
	faultstring := func(err error) string {
		if err == nil || !soap.IsSoapFault(err) {
			t.Fatalf("want a SOAP fault, have %v", err)
		}
		return soap.ToSoapFault(err).String
	}

	spec := types.HostConnectSpec{HostName: "esx-01.sim.local", UserName: "root", Password: "esxi-root"}
	task, err := targetCluster(t, tgt).AddHost(ctx, spec, true, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := task.WaitForResult(ctx, nil); err == nil || err.Error() != "Authenticity of the host's SSL certificate is not verified." {
		t.Errorf("AddHost without a thumbprint: task error %v", err)
	}

	ns, err := host.ConfigManager().NetworkSystem(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = ns.AddPortGroup(ctx, types.HostPortGroupSpec{Name: "pg-x", VswitchName: "vSwitch-nope"})
	if got := faultstring(err); got != "The object or item referred to could not be found." {
		t.Errorf("AddPortGroup on no switch: faultstring %q", got)
	}

	options, err := host.ConfigManager().OptionManager(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := options.Query(ctx, "Net."); faultstring(err) != "A general system error occurred." {
		t.Errorf("injected SystemError: faultstring %q", faultstring(err))
	}
	task, err = host.EnterMaintenanceMode(ctx, 0, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := task.WaitForResult(ctx, nil); err == nil || err.Error() != "The operation is not allowed in the current state." {
		t.Errorf("injected InvalidState task error: %v", err)
	}
}
