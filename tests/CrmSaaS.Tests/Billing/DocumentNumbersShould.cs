using CrmSaaS.Kernel.Data;
using CrmSaaS.Kernel.Security;
using CrmSaaS.Plugins.Billing.Domain;
using CrmSaaS.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSaaS.Tests.Billing;

/// <summary>Numbers are taken at issue only, by one atomic increment: never shared, never skipped, never reused.</summary>
public class DocumentNumbersShould(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly DateOnly Issued = new(2026, 11, 2);

    private Task<string> TakeAsync(TestTeam team, DocumentKind kind, DateOnly date, bool fail = false) => app.WithScopeAsync(async sp =>
    {
        var unitOfWork = sp.GetRequiredService<IUnitOfWork>();
        return await unitOfWork.RunAsync(async ct =>
        {
            var number = await sp.GetRequiredService<DocumentNumbers>().TakeAsync(kind, date, ct);
            return fail ? throw new InvalidOperationException("The issue failed after taking " + number) : number;
        });
    }, team.Tenant);

    private Task<TestTeam> TeamAsync() => app.CreateTeamAsync("n" + Guid.NewGuid().ToString("N")[..8], ("Olga", TeamRole.OrganizationManager));

    [Fact]
    public async Task GiveConcurrentIssuesDistinctConsecutiveNumbers()
    {
        var team = await TeamAsync();

        var numbers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => TakeAsync(team, DocumentKind.Invoice, Issued))));

        Assert.Equal(Enumerable.Range(1, 40).Select(i => $"2026-{i:D5}"), numbers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GiveARolledBackIssuesNumberToTheNextOne()
    {
        var team = await TeamAsync();
        Assert.Equal("2026-00001", await TakeAsync(team, DocumentKind.Invoice, Issued));

        await Assert.ThrowsAsync<InvalidOperationException>(() => TakeAsync(team, DocumentKind.Invoice, Issued, fail: true));

        Assert.Equal("2026-00002", await TakeAsync(team, DocumentKind.Invoice, Issued));
    }

    [Fact]
    public async Task KeepRangesPerTeamKindAndYear()
    {
        var alpha = await TeamAsync();
        var bravo = await TeamAsync();

        Assert.Equal("2026-00001", await TakeAsync(alpha, DocumentKind.Invoice, Issued));
        Assert.Equal("2026-00001", await TakeAsync(bravo, DocumentKind.Invoice, Issued));
        Assert.Equal("CN-2026-00001", await TakeAsync(alpha, DocumentKind.CreditNote, Issued));
        Assert.Equal("2027-00001", await TakeAsync(alpha, DocumentKind.Invoice, new DateOnly(2027, 1, 1)));
        Assert.Equal("2026-00002", await TakeAsync(alpha, DocumentKind.Invoice, new DateOnly(2026, 12, 31)));
    }

    [Fact]
    public async Task FollowTheTeamsPatternAndContinueAcrossYearsWhenItDoesNotReset()
    {
        var team = await TeamAsync();
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Add(new NumberRange { Kind = DocumentKind.Invoice, Pattern = "RE-{YY}{MM}-{SEQ:4}", ResetYearly = false });
            await db.SaveChangesAsync();
        }, team.Tenant);

        Assert.Equal("RE-2611-0001", await TakeAsync(team, DocumentKind.Invoice, Issued));
        Assert.Equal("RE-2701-0002", await TakeAsync(team, DocumentKind.Invoice, new DateOnly(2027, 1, 4)));
        Assert.Equal(1, await app.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<NumberSequence>().CountAsync(), team.Tenant));
    }

    [Fact]
    public async Task RefuseToTakeANumberOutsideAUnitOfWork()
    {
        var team = await TeamAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithScopeAsync(sp =>
            sp.GetRequiredService<DocumentNumbers>().TakeAsync(DocumentKind.Invoice, Issued, CancellationToken.None), team.Tenant));
    }

    [Theory]
    [InlineData("{YYYY}-{SEQ:5}", true, null)]
    [InlineData("RE-{YY}{MM}-{SEQ:4}", true, null)]
    [InlineData("INV{SEQ}", false, null)]
    [InlineData("INV{SEQ}", true, "needs the year")]
    [InlineData("{YYYY}-{MM}", true, "needs the sequence")]
    [InlineData("{YYYY}-{SEQ:5}-{DD}", true, "only the placeholders")]
    [InlineData("", true, "characters")]
    public void CheckPatterns(string pattern, bool resetYearly, string? problem)
    {
        var found = DocumentNumbers.Problem(pattern, resetYearly);
        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }
}
