namespace ExactLip.Mip;

/// <summary>A variable of a <see cref="MipModelBuilder"/>: an index into its column list.</summary>
public readonly record struct Var(int Index)
{
    public override string ToString() => $"v{Index}";
}

/// <summary>One coefficient of a linear row.</summary>
public readonly record struct Term(Var Var, double Coefficient);
