using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Menu;

/// <summary>
/// A menu published from the console. The newest revision is the account's menu on every instance; with
/// none, <c>config/menu.json</c> is. Revisions are kept, so "what did the menu offer on that day" has an answer.
/// </summary>
internal sealed class MenuRevision
{
    public long Id { get; set; }
    /// <summary>The template, <c>{base}</c> not yet expanded.</summary>
    public required string Json { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class MenuRevisionConfiguration : IEntityTypeConfiguration<MenuRevision>
{
    public void Configure(EntityTypeBuilder<MenuRevision> b)
    {
        b.ToTable("MenuRevisions");
        b.Property(x => x.Json).HasMaxLength(MenuAdminEndpoints.MaxTemplateLength);
        b.Property(x => x.CreatedBy).HasMaxLength(128);
    }
}
