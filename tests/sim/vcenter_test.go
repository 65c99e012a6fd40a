package main

import (
	"testing"

	"github.com/google/uuid"
)

// Each vCenter reports an instance uuid of its own (as real vCenters do), and the
// same one at every start of the same world.
func TestInstanceUuidPerVCenter(t *testing.T) {
	instances := func() map[string]string {
		s := startSim(t, nil)
		defer s.stop(t)
		out := map[string]string{}
		for _, name := range []string{"source", "target"} {
			out[name] = s.login(t, name).ServiceContent.About.InstanceUuid
			if _, err := uuid.Parse(out[name]); err != nil {
				t.Errorf("%s instanceUuid %q: %v", name, out[name], err)
			}
		}
		return out
	}
	first := instances()
	if first["source"] == first["target"] {
		t.Errorf("source and target share the instanceUuid %s", first["source"])
	}
	if again := instances(); again["source"] != first["source"] || again["target"] != first["target"] {
		t.Errorf("instance uuids changed between starts: %v then %v", first, again)
	}
}
