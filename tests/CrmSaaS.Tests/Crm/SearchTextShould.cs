using CrmSaaS.Plugins.Crm.Search;

namespace CrmSaaS.Tests.Crm;

public class SearchTextShould
{
    [Theory]
    [InlineData("Anna Sch", new[] { "anna", "sch" })]
    [InlineData("MÜLLER", new[] { "muller" })]
    [InlineData("brightwave.test", new[] { "brightwave.test" })]
    [InlineData("anna@bright", new[] { "anna@bright" })]
    [InlineData("j.mueller", new[] { "j.mueller" })]
    [InlineData("e.V. Müller", new[] { "e", "v", "muller" })]
    [InlineData("St. Georg", new[] { "st", "georg" })]
    [InlineData("+49 30", new[] { "49", "30" })]
    [InlineData("a b c d e", new[] { "a", "b", "c", "d" })]
    public void KeepEmailsAndDomainsWholeAndSplitEverythingElseIntoWords(string typed, string[] terms) =>
        Assert.Equal(terms, SearchText.Terms(typed));
}
