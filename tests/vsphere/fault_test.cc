#include "providers/vsphere/fault.h"

#include <gtest/gtest.h>

namespace vcshift::vsphere {
namespace {

TEST(Fault, DescribesForAPersonWithAdvice) {
  EXPECT_EQ(Describe({"InvalidLogin", "Cannot complete login due to an incorrect user name or password.", "", "Login", ""}),
            "Login: InvalidLogin: Cannot complete login due to an incorrect user name or password. (check the user "
            "and the password's environment variable or credentials file)");
  EXPECT_EQ(Describe({"DuplicateName", "The name 'C1' already exists.", "DC1/C1", "CreateClusterEx", ""}),
            "CreateClusterEx on DC1/C1: DuplicateName: The name 'C1' already exists. (an object of that name already "
            "exists there)");
  EXPECT_EQ(Describe({"SSLVerifyFault", "Authenticity of the host's SSL certificate is not verified.", "esx-01",
                      "AddHost_Task", "5E:9A"}),
            "AddHost_Task on esx-01: SSLVerifyFault: Authenticity of the host's SSL certificate is not verified. (the "
            "certificate presented has thumbprint 5E:9A; pin it with `thumbprint:` if you trust it)");
  EXPECT_EQ(Describe({"SystemError", "", "", "", ""}), "SystemError");
  EXPECT_EQ(Describe({"NotAVCenter", "https://esx-01/sdk is an ESXi host (VMware ESXi 7.0.3)", "",
                      "RetrieveServiceContent", ""}),
            "RetrieveServiceContent: NotAVCenter: https://esx-01/sdk is an ESXi host (VMware ESXi 7.0.3) (the URL "
            "must name a vCenter Server, not an ESXi host or another web server)");
}

TEST(Fault, TransientOnesMayBeRetried) {
  EXPECT_TRUE((Fault{"ConnectionReset", "", "", "", ""}).Transient());
  EXPECT_TRUE((Fault{"NotAuthenticated", "", "", "", ""}).Transient());
  EXPECT_TRUE((Fault{"ServiceUnavailable", "", "", "", ""}).Transient());
  EXPECT_FALSE((Fault{"CertificateUntrusted", "", "", "", ""}).Transient());
  EXPECT_FALSE((Fault{"HostNotFound", "", "", "", ""}).Transient());
  EXPECT_FALSE((Fault{"InvalidState", "", "", "", ""}).Transient());
  EXPECT_FALSE((Fault{"InvalidLogin", "", "", "", ""}).Transient());
}

TEST(Fault, SessionKeysAreLeftOutOfWhatIsSaid) {
  EXPECT_EQ(RedactSessions("DestroyView session[52a1-77]52f0e: ok; session[k2]pc-1"),
            "DestroyView session[...]52f0e: ok; session[...]pc-1");
  EXPECT_EQ(RedactSessions("no session here, nor session[ unclosed"), "no session here, nor session[ unclosed");
  EXPECT_EQ(Describe({"ManagedObjectNotFound",
                      "The object 'vim.view.ContainerView:session[5233-abcd]52c1' has already been deleted", "", "DestroyView", ""}),
            "DestroyView: ManagedObjectNotFound: The object 'vim.view.ContainerView:session[...]52c1' has already been "
            "deleted");
}

TEST(Fault, APersistedFaultIsNotTransientAndNeedsNoAdvice) {
  Fault refused{"NotAuthenticated", "refused right after a successful login", "", "CreateFolder", ""};
  refused.persisted = true;
  EXPECT_FALSE(refused.Transient());
  EXPECT_EQ(Describe(refused), "CreateFolder: NotAuthenticated: refused right after a successful login");
  EXPECT_TRUE((Fault{"Interrupted", "", "", "", ""}).Transient()) << "abandoned on a stop: resume settles it";
}

}  // namespace
}  // namespace vcshift::vsphere
