using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmSaaS.Kernel.Data;

/// <summary>
/// A foreign key from one plugin's entity to another plugin's, declared through the other plugin's
/// contract (which names its own entity type), so the database keeps them consistent without the
/// referencing plugin knowing that type.
/// </summary>
public static class ModelReferences
{
    public static ReferenceCollectionBuilder References<T>(this EntityTypeBuilder<T> entity, Type principal, Expression<Func<T, object?>> foreignKey, DeleteBehavior onDelete)
        where T : class =>
        entity.HasOne(principal).WithMany().HasForeignKey(KeyName(foreignKey)).OnDelete(onDelete);

    private static string KeyName<T>(Expression<Func<T, object?>> foreignKey) => foreignKey.Body switch
    {
        MemberExpression member => member.Member.Name,
        UnaryExpression { Operand: MemberExpression member } => member.Member.Name,
        _ => throw new ArgumentException("Name the foreign key property, e.g. e => e.ClientId.", nameof(foreignKey)),
    };
}
