using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CrmSaaS.Kernel.Audit;
using CrmSaaS.Kernel.Plugins;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Kernel.Tenancy;
using CrmSaaS.Plugins.Crm.Contracts;
using CrmSaaS.Tests.Infrastructure;
using CrmSaaS.Web.Pages.Team;
using CrmSaaS.Plugins.Projects.Contracts;

namespace CrmSaaS.Tests.Localization;

/// <summary>Every UI text the code asks the localizer for has a German translation.</summary>
public partial class GermanTranslationShould
{
    private static string RepositoryRoot() => SourceTree.Root;

    private static HashSet<string> GermanKeys()
    {
        var resx = Directory.GetFiles(RepositoryRoot(), "SharedResource.de.resx", SearchOption.AllDirectories).Single(f => !f.Contains("/bin/", StringComparison.Ordinal));
        return XDocument.Load(resx).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
    }

    private static IEnumerable<string> KeysInSource()
    {
        var root = RepositoryRoot();
        var files = new[] { "src", "plugins" }.Select(d => Path.Combine(root, d)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.*", SearchOption.AllDirectories))
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                        && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("Migrations", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (Match m in LocalizerCall().Matches(text))
            {
                yield return Regex.Unescape(m.Groups[1].Value);
            }

            foreach (Match m in ErrorMessage().Matches(text))
            {
                yield return Regex.Unescape(m.Groups[1].Value);
            }
        }
    }

    private static IEnumerable<string> DynamicKeys()
    {
        var catalog = new PluginCatalog(CrmSaaS.Web.Plugins.All);
        return TeamRoles.All.Select(r => r.DisplayName())
            .Concat(catalog.Navigation.Select(n => n.Title))
            .Concat(catalog.Permissions.Definitions.SelectMany(d => new[] { d.Description, d.Group }))
            .Concat(Enum.GetNames<AuditAction>())
            .Concat(Enum.GetNames<TenantState>())
            .Concat(Enum.GetNames<InvitationsModel.Status>())
            .Concat(Enum.GetNames<CrmSaaS.Plugins.Crm.Contracts.ClientStatus>())
            .Concat(Enum.GetNames<CrmSaaS.Plugins.Crm.Domain.ActivityType>())
            .Concat(Enum.GetNames<CrmSaaS.Plugins.Crm.Domain.ImportKind>())
            .Concat(Enum.GetNames<CrmSaaS.Plugins.Crm.Domain.ImportStatus>())
            .Concat(Enum.GetNames<CrmSaaS.Plugins.Crm.Import.RowAction>())
            .Concat(CrmSaaS.Plugins.Crm.Import.CsvImporter.Labels.Values)
            .Concat(Enum.GetValues<CrmSaaS.Plugins.Projects.Contracts.ProjectStatus>().Select(CrmSaaS.Plugins.Projects.Domain.ProjectInput.StatusLabel))
            .Concat(Enum.GetValues<CrmSaaS.Plugins.Projects.Contracts.ProjectRole>().Select(CrmSaaS.Plugins.Projects.Domain.ContactInvitations.RoleLabel))
            .Concat(Enum.GetValues<CrmSaaS.Plugins.Projects.Domain.UpdateKind>().Select(CrmSaaS.Plugins.Projects.Domain.ProjectFeed.Label))
            .Concat(["Member", "Invited", "Accepted", "Expired", "Revoked"])
            .Concat(Enum.GetValues<CrmSaaS.Plugins.Time.Domain.RateLevel>().Select(CrmSaaS.Plugins.Time.Areas.Time.Pages.RatesModel.LevelLabel))
            .Concat(Enum.GetNames<CrmSaaS.Plugins.Time.Domain.Grouping>())
            .Concat(CrmSaaS.Tests.Architecture.NotificationsShould.ProductAssemblies().SelectMany(a => a.GetTypes())
                .Where(t => typeof(ITenantOwned).IsAssignableFrom(t) && !t.IsInterface && !t.IsDefined(typeof(AuditIgnoreAttribute), false))
                .Select(t => t.Name));
    }

    [Fact]
    public void TranslateEveryTextTheCodeAsksFor()
    {
        var german = GermanKeys();
        var keys = KeysInSource().Concat(DynamicKeys()).Distinct().ToList();

        Assert.True(keys.Count > 100, $"Only {keys.Count} texts found; is the scan still finding the code?");
        Assert.Empty(keys.Where(k => !german.Contains(k)).Order());
    }

    [Fact]
    public void KeepPlaceholdersInTranslations()
    {
        var resx = XDocument.Load(Directory.GetFiles(RepositoryRoot(), "SharedResource.de.resx", SearchOption.AllDirectories).First(f => !f.Contains("/bin/", StringComparison.Ordinal)));
        var broken = resx.Root!.Elements("data")
            .Select(d => (Key: (string)d.Attribute("name")!, Value: (string)d.Element("value")!))
            .Where(e => Placeholders().Matches(e.Key).Select(m => m.Value).Order().SequenceEqual(Placeholders().Matches(e.Value).Select(m => m.Value).Order()) is false)
            .Select(e => e.Key);

        Assert.Empty(broken);
    }

    [Fact]
    public void ServeGermanWhenAsked()
    {
        var localizer = new Microsoft.Extensions.Localization.ResourceManagerStringLocalizerFactory(
            Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).Create(typeof(CrmSaaS.Kernel.Localization.SharedResource));
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("de");
            Assert.Equal("Abmelden", localizer["Sign out"].Value);
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal("Sign out", localizer["Sign out"].Value);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [GeneratedRegex("\\b[Ll]\\[\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex LocalizerCall();

    [GeneratedRegex("ErrorMessage = \"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex ErrorMessage();

    /// <summary>The build drops resource keys that differ only by letter case (warning MSB3568): a lost translation.</summary>
    [Fact]
    public void KeepEveryKeyDistinctBeyondLetterCase()
    {
        var clashes = GermanKeys().GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g));

        Assert.Empty(clashes);
    }

    [GeneratedRegex("\\{\\d+\\}")]
    private static partial Regex Placeholders();
}
