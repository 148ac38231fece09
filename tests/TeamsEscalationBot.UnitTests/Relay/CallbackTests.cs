using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Relay;
using TeamsEscalationBot.UnitTests.Domain;

namespace TeamsEscalationBot.UnitTests.Relay;

[TestClass]
public sealed class CallbackTests
{
    [TestMethod]
    public void Sign_KnownInput_MatchesAnIndependentHmac()
    {
        // python3: hmac.new(b's3cret', b'1700000000.{"complaintId":"C1"}', hashlib.sha256).hexdigest()
        var signature = CallbackSignature.Sign("s3cret", 1_700_000_000, Encoding.UTF8.GetBytes("""{"complaintId":"C1"}"""));

        Assert.AreEqual("sha256=ccb5fa966f0288d67861ea40511f01771b7288e79712f52e370f8be8ea170706", signature);
    }

    [TestMethod]
    public void Sign_OtherTimestamp_OtherSignature()
    {
        var body = Encoding.UTF8.GetBytes("{}");

        Assert.AreNotEqual(CallbackSignature.Sign("s3cret", 1, body), CallbackSignature.Sign("s3cret", 2, body));
    }

    [TestMethod]
    public void Payload_Closed_CamelCaseWithAnswerAndClosedAt()
    {
        var complaint = ComplaintFixture.InState(ComplaintState.Closed);

        var json = JsonNode.Parse(CallbackPayload.From(complaint).ToUtf8Json())!.AsObject();

        Assert.AreSequenceEqual(
            new[] { "complaintId", "source", "externalId", "state", "answer", "closedAt", "relayStatus", "version" },
            json.Select(p => p.Key).ToArray());
        Assert.AreEqual("closed", json["state"]!.GetValue<string>());
        Assert.AreEqual("accepted", json["relayStatus"]!.GetValue<string>());
        Assert.AreEqual("We are refunding you today.", json["answer"]!["text"]!.GetValue<string>());
        Assert.AreEqual("Ana Ruiz", json["answer"]!["by"]!.GetValue<string>());
        Assert.AreEqual(ComplaintFixture.Start.AddMinutes(4), json["closedAt"]!.GetValue<DateTimeOffset>());
        Assert.AreEqual(complaint.Version, json["version"]!.GetValue<long>());
    }

    [TestMethod]
    public void Payload_SentBack_NoAnswerNoClosedAt()
    {
        var complaint = ComplaintFixture.InState(ComplaintState.Answered);
        ComplaintFixture.MustSucceed(complaint.SendBack(ComplaintFixture.Cm, "Shorter please", ComplaintFixture.Start.AddMinutes(5)));

        var json = JsonNode.Parse(CallbackPayload.From(complaint).ToUtf8Json())!.AsObject();

        Assert.AreEqual("claimed", json["state"]!.GetValue<string>());
        Assert.AreEqual("sentBack", json["relayStatus"]!.GetValue<string>());
        Assert.IsFalse(json.ContainsKey("answer"));
        Assert.IsFalse(json.ContainsKey("closedAt"));
    }

    [TestMethod]
    [DataRow("127.0.0.1", false)]
    [DataRow("10.1.2.3", false)]
    [DataRow("172.16.0.1", false)]
    [DataRow("172.31.255.255", false)]
    [DataRow("192.168.1.1", false)]
    [DataRow("169.254.169.254", false)]
    [DataRow("100.64.0.1", false)]
    [DataRow("0.0.0.0", false)]
    [DataRow("224.0.0.1", false)]
    [DataRow("::1", false)]
    [DataRow("fe80::1", false)]
    [DataRow("fd00::1", false)]
    [DataRow("::ffff:10.0.0.1", false)]
    [DataRow("172.32.0.1", true)]
    [DataRow("20.190.128.1", true)]
    [DataRow("2606:4700::1111", true)]
    public void IsPublic_Address_OnlyPublicAddressesPass(string address, bool expected) =>
        Assert.AreEqual(expected, CallbackHttp.IsPublic(IPAddress.Parse(address)));
}
