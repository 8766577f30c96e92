using CrmSaaS.Plugins.Billing.Domain;

namespace CrmSaaS.Tests.Billing;

public class BankDetailsShould
{
    [Theory]
    [InlineData("DE89 3704 0044 0532 0130 00", true)]
    [InlineData("de89370400440532013000", true)]
    [InlineData("GB82 WEST 1234 5698 7654 32", true)]
    [InlineData("AT61 1904 3002 3457 3201", true)]
    [InlineData("NO93 8601 1117 947", true)]
    [InlineData("DE89 3704 0044 0532 0130 01", false)] // one digit off: the check digits no longer match
    [InlineData("DE98 3704 0044 0532 0130 00", false)] // check digits swapped
    [InlineData("DE89 3704 0044 0532 0130", false)] // too short for Germany
    [InlineData("XX89 3704 0044 0532 0130 00", false)]
    [InlineData("DE89-3704-0044", false)]
    [InlineData("", false)]
    public void CheckAnIbansLengthAndMod97(string iban, bool valid) => Assert.Equal(valid, BankDetails.IsValidIban(iban));

    [Fact]
    public void PrintAnIbanInGroupsOfFour() => Assert.Equal("DE89 3704 0044 0532 0130 00", BankDetails.FormatIban(" de89370400440532013000 "));

    [Theory]
    [InlineData("COBADEFFXXX", true)]
    [InlineData("cobadeff", true)]
    [InlineData("DEUTDEDB110", true)]
    [InlineData("COBADEFFX", false)]
    [InlineData("COBA1EFF", false)]
    [InlineData("", false)]
    public void CheckABicsShape(string bic, bool valid) => Assert.Equal(valid, BankDetails.IsValidBic(bic));
}
