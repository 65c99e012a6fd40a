// The generated vim25 subset against messages as vSphere writes them: element order of
// requests, xsi:type polymorphism of property values, faults outside the subset.

#include <gtest/gtest.h>

#include <sstream>

#include "providers/vsphere/soap_faults.h"
#include "providers/vsphere/vim25_values.h"
#include "soapH.h"

extern SOAP_NMAC struct Namespace namespaces[];

namespace vcshift::vsphere {
namespace {

class Vim25Codec : public ::testing::Test {
 protected:
  Vim25Codec() : soap_(soap_new1(SOAP_C_UTFSTRING)) { soap_set_namespaces(soap_, namespaces); }
  ~Vim25Codec() override {
    soap_destroy(soap_);
    soap_end(soap_);
    soap_free(soap_);
  }

  template <typename T, typename Read>
  T* Parse(const std::string& xml, Read read) {
    input_.clear();
    input_.str(xml);
    soap_->is = &input_;
    auto* value = new (soap_malloc(soap_, sizeof(T))) T();
    EXPECT_EQ(read(soap_, value), SOAP_OK) << xml;
    return value;
  }

  struct soap* soap_;
  std::istringstream input_;
};

TEST_F(Vim25Codec, RequestElementsComeInWsdlOrder) {
  _vim25__Login login;
  login._USCOREthis = NewMor(soap_, {"SessionManager", "SessionManager"});
  login.userName = "administrator@vsphere.local";
  login.password = "pa<ss";
  std::ostringstream out;
  soap_->os = &out;
  ASSERT_EQ(soap_write__vim25__Login(soap_, &login), SOAP_OK);
  const std::string xml = out.str();
  const auto this_at = xml.find("type=\"SessionManager\">SessionManager</vim25:_this>");
  const auto user_at = xml.find("userName>administrator@vsphere.local<");
  const auto password_at = xml.find("password>pa&lt;ss<");
  ASSERT_NE(this_at, std::string::npos) << xml;
  ASSERT_NE(user_at, std::string::npos) << xml;
  ASSERT_NE(password_at, std::string::npos) << xml;
  EXPECT_LT(this_at, user_at);
  EXPECT_LT(user_at, password_at);
  EXPECT_EQ(xml.find("locale"), std::string::npos) << "an unset optional field is left out";
}

TEST_F(Vim25Codec, ADerivedTypeInABaseTypedFieldSaysWhichItIs) {
  auto* traversal = soap_new_vim25__TraversalSpec(soap_);
  traversal->type = "ContainerView";
  traversal->path = "view";
  auto* object = soap_new_vim25__ObjectSpec(soap_);
  object->obj = NewMor(soap_, {"ContainerView", "session[1]view-1"});
  object->selectSet.push_back(traversal);  // a SelectionSpec field
  std::ostringstream out;
  soap_->os = &out;
  ASSERT_EQ(soap_write_vim25__ObjectSpec(soap_, object), SOAP_OK);
  const std::string xml = out.str();
  EXPECT_NE(xml.find("<vim25:selectSet xsi:type=\"vim25:TraversalSpec\">"), std::string::npos) << xml;
  EXPECT_LT(xml.find("<vim25:type>ContainerView<"), xml.find("<vim25:path>view<")) << xml;
}

TEST_F(Vim25Codec, PropertyValuesBecomeTheirXsiType) {
  const std::string xml = R"(<RetrievePropertiesExResponse xmlns="urn:vim25"
      xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
    <returnval><objects><obj type="HostSystem">host-21</obj>
      <propSet><name>name</name><val xsi:type="xsd:string">esx-01.lab</val></propSet>
      <propSet><name>vm</name><val xsi:type="ArrayOfManagedObjectReference">
        <ManagedObjectReference type="VirtualMachine">vm-1</ManagedObjectReference>
        <ManagedObjectReference type="VirtualMachine">vm-2</ManagedObjectReference></val></propSet>
      <propSet><name>runtime.connectionState</name><val xsi:type="HostSystemConnectionState">connected</val></propSet>
      <propSet><name>summary.config.port</name><val xsi:type="xsd:int">443</val></propSet>
      <propSet><name>config.network.vnic</name><val xsi:type="ArrayOfHostVirtualNic"><HostVirtualNic>
        <device>vmk0</device><key>key-vim.host.VirtualNic-vmk0</key><portgroup>Management Network</portgroup>
        <spec><ip><dhcp>false</dhcp><ipAddress>10.0.0.11</ipAddress><subnetMask>255.255.255.0</subnetMask></ip>
        <mac>00:50:56:00:00:01</mac><futureField>ignored</futureField><mtu>1500</mtu></spec></HostVirtualNic></val></propSet>
    </objects></returnval></RetrievePropertiesExResponse>)";
  auto* response = Parse<_vim25__RetrievePropertiesExResponse>(xml, soap_read__vim25__RetrievePropertiesExResponse);
  ASSERT_TRUE(response->returnval);
  ASSERT_EQ(response->returnval->objects.size(), 1u);
  const auto& props = response->returnval->objects[0]->propSet;
  ASSERT_EQ(props.size(), 5u);
  EXPECT_EQ(ToMoRef(response->returnval->objects[0]->obj), (MoRef{"HostSystem", "host-21"}));
  ASSERT_TRUE(dynamic_cast<xsd__string*>(props[0]->val));
  EXPECT_EQ(dynamic_cast<xsd__string*>(props[0]->val)->__item, "esx-01.lab");
  auto* vms = dynamic_cast<vim25__ArrayOfManagedObjectReference*>(props[1]->val);
  ASSERT_TRUE(vms);
  ASSERT_EQ(vms->ManagedObjectReference.size(), 2u);
  EXPECT_EQ(vms->ManagedObjectReference[1]->__item, "vm-2");
  auto* state = dynamic_cast<vim25__HostSystemConnectionState*>(props[2]->val);
  ASSERT_TRUE(state);
  EXPECT_EQ(state->__item, "connected");
  ASSERT_TRUE(dynamic_cast<xsd__int*>(props[3]->val));
  EXPECT_EQ(dynamic_cast<xsd__int*>(props[3]->val)->__item, 443);
  auto* vnics = dynamic_cast<vim25__ArrayOfHostVirtualNic*>(props[4]->val);
  ASSERT_TRUE(vnics);
  ASSERT_EQ(vnics->HostVirtualNic.size(), 1u);
  const auto* vnic = vnics->HostVirtualNic[0];
  EXPECT_EQ(vnic->device, "vmk0");
  ASSERT_TRUE(vnic->spec && vnic->spec->ip && vnic->spec->ip->ipAddress);
  EXPECT_EQ(*vnic->spec->ip->ipAddress, "10.0.0.11");
  ASSERT_TRUE(vnic->spec->mtu);
  EXPECT_EQ(*vnic->spec->mtu, 1500) << "an element unknown to the subset is skipped, not fatal";
}

TEST_F(Vim25Codec, AValueOfATypeOutsideTheSubsetIsSkippedNotFatal) {
  const std::string xml = R"(<RetrievePropertiesExResponse xmlns="urn:vim25"
      xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
    <returnval><objects><obj type="HostSystem">host-21</obj>
      <propSet><name>hardware</name><val xsi:type="HostHardwareInfo"><systemInfo><vendor>Dell</vendor>
        <model>R740</model></systemInfo><cpuInfo><numCpuPackages>2</numCpuPackages></cpuInfo></val></propSet>
      <propSet><name>name</name><val xsi:type="xsd:string">esx-01.lab</val></propSet>
    </objects></returnval></RetrievePropertiesExResponse>)";
  auto* response = Parse<_vim25__RetrievePropertiesExResponse>(xml, soap_read__vim25__RetrievePropertiesExResponse);
  ASSERT_TRUE(response->returnval);
  const auto& props = response->returnval->objects.at(0)->propSet;
  ASSERT_EQ(props.size(), 2u);
  EXPECT_TRUE(props[0]->val && props[0]->val->soap_type() == SOAP_TYPE_xsd__anyType);
  ASSERT_TRUE(dynamic_cast<xsd__string*>(props[1]->val));
  EXPECT_EQ(dynamic_cast<xsd__string*>(props[1]->val)->__item, "esx-01.lab");
}

TEST_F(Vim25Codec, TaskErrorsKeepTheirFaultTypeEvenOutsideTheSubset) {
  const std::string known = R"(<LocalizedMethodFault xmlns="urn:vim25"
      xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><fault xsi:type="DuplicateName">
      <name>DC1</name><object type="Datacenter">datacenter-2</object></fault>
      <localizedMessage>The name 'DC1' already exists.</localizedMessage></LocalizedMethodFault>)";
  auto* error = Parse<vim25__LocalizedMethodFault>(known, soap_read_vim25__LocalizedMethodFault);
  const Fault fault = FaultOf(error, "CreateDatacenter", "");
  EXPECT_EQ(fault.type, "DuplicateName");
  EXPECT_EQ(fault.object, "DC1");
  EXPECT_EQ(fault.message, "The name 'DC1' already exists.");

  const std::string unknown = R"(<LocalizedMethodFault xmlns="urn:vim25"
      xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><fault xsi:type="CannotAccessVmConfig">
      <reason>gone</reason></fault><localizedMessage>Cannot access the configuration.</localizedMessage>
      </LocalizedMethodFault>)";
  error = Parse<vim25__LocalizedMethodFault>(unknown, soap_read_vim25__LocalizedMethodFault);
  EXPECT_EQ(FaultOf(error, "ReconfigVM_Task", "vm-1").type, "CannotAccessVmConfig");
}

}  // namespace
}  // namespace vcshift::vsphere
