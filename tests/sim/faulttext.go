package main

// vCenter's English text for a fault: the SOAP faultstring and a task's
// info.error.localizedMessage. vcsim leaves the faultstring empty and puts the
// Go type name ("*types.SSLVerifyFault") in task errors; the simulator's own
// extensions and the fault injector give vCenter's text instead, from this one
// function at the two places a fault leaves the simulator (writeSoapFault and
// a task's completion, runTask and failingTask).

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/vmware/govmomi/vim25/types"
)

// faultText is vCenter's message for f. Texts marked "seen" were found
// verbatim in real vCenter output quoted in public bug reports (docs/testing.md,
// "Fault messages", names them); the others follow the API reference's
// description of the fault. A fault type without a text here keeps its type
// name.
func faultText(f types.BaseMethodFault) string {
	switch f := f.(type) {
	case *types.SSLVerifyFault: // seen
		return "Authenticity of the host's SSL certificate is not verified."
	case *types.InvalidLogin: // seen
		return "Cannot complete login due to an incorrect user name or password."
	case *types.NoHost: // seen
		return fmt.Sprintf("Cannot contact the specified host (%s). The host may not be available on the network, "+
			"a network configuration problem may exist, or the management services on this host may not be responding.", f.Name)
	case *types.AlreadyBeingManaged:
		return fmt.Sprintf("The host is already being managed by the vCenter Server at %s.", f.IpAddress)
	case *types.AlreadyConnected:
		return fmt.Sprintf("The host %s is already connected to this vCenter Server.", f.Name)
	case *types.HostConnectFault:
		return "Cannot complete the connection to the host."
	case *types.ManagedObjectNotFound: // seen
		return fmt.Sprintf("The object 'vim.%s:%s' has already been deleted or has not been completely created", f.Obj.Type, f.Obj.Value)
	case *types.InvalidArgument: // seen
		return "A specified parameter was not correct: " + f.InvalidProperty
	case *types.AlreadyExists: // seen
		return fmt.Sprintf("The specified key, name, or identifier '%s' already exists.", f.Name)
	case *types.DuplicateName: // seen
		return fmt.Sprintf("The name '%s' already exists.", f.Name)
	case *types.ResourceInUse: // seen
		return fmt.Sprintf("The resource '%s' is in use.", f.Name)
	case *types.InvalidState: // seen
		return "The operation is not allowed in the current state."
	case *types.InvalidHostState: // seen
		return "The operation is not allowed in the current state of the host."
	case *types.InvalidPowerState: // seen
		return fmt.Sprintf("The attempted operation cannot be performed in the current state (%s).", upperFirst(string(f.ExistingState)))
	case *types.NotFound: // seen
		return "The object or item referred to could not be found."
	case *types.NotSupported: // seen
		return "The operation is not supported on the object."
	case *types.NotAuthenticated: // seen
		return "The session is not authenticated."
	case *types.NoPermission: // seen
		return "Permission to perform this operation was denied."
	case *types.InvalidDeviceSpec: // seen
		return fmt.Sprintf("Invalid configuration for device '%d'.", f.DeviceIndex)
	case *types.SystemError: // seen
		if f.Reason != "" {
			return "A general system error occurred: " + f.Reason
		}
		return "A general system error occurred."
	case *types.RuntimeFault:
		return "A general system error occurred."
	case *types.HostCommunication:
		return "An error occurred while communicating with the remote host."
	case *types.InvalidName:
		return fmt.Sprintf("The name '%s' is not valid.", f.Name)
	case *types.InsufficientResourcesFault:
		return "The available resources are not sufficient for the operation."
	}
	return reflect.TypeOf(f).Elem().Name()
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
