namespace SelfCorrect.Text.Jinja;

/// <summary>Statements of a parsed template.</summary>
public abstract record Node;
public sealed record TextNode(string Text) : Node;
public sealed record OutputNode(Expr Value) : Node;
public sealed record IfNode(IReadOnlyList<(Expr Condition, IReadOnlyList<Node> Body)> Branches, IReadOnlyList<Node> Else) : Node;
public sealed record ForNode(IReadOnlyList<string> Targets, Expr Iterable, Expr? Filter, IReadOnlyList<Node> Body, IReadOnlyList<Node> Else) : Node;
/// <summary>{% set x = v %}, {% set a, b = v %} or {% set ns.attr = v %} (Target is a NameExpr, TupleExpr or AttrExpr).</summary>
public sealed record SetNode(Expr Target, Expr Value) : Node;
public sealed record SetBlockNode(string Name, IReadOnlyList<Node> Body) : Node;
public sealed record MacroNode(string Name, IReadOnlyList<(string Name, Expr? Default)> Parameters, IReadOnlyList<Node> Body) : Node;
public sealed record BreakNode : Node;
public sealed record ContinueNode : Node;

/// <summary>Expressions.</summary>
public abstract record Expr;
public sealed record LiteralExpr(object? Value) : Expr;
public sealed record NameExpr(string Name) : Expr;
public sealed record ListExpr(IReadOnlyList<Expr> Items) : Expr;
public sealed record TupleExpr(IReadOnlyList<Expr> Items) : Expr;
public sealed record DictExpr(IReadOnlyList<(Expr Key, Expr Value)> Pairs) : Expr;
public sealed record AttrExpr(Expr Target, string Name) : Expr;
public sealed record IndexExpr(Expr Target, Expr Index) : Expr;
public sealed record SliceExpr(Expr Target, Expr? Start, Expr? Stop, Expr? Step) : Expr;
public sealed record CallExpr(Expr Function, IReadOnlyList<Expr> Args, IReadOnlyList<(string Name, Expr Value)> Kwargs) : Expr;
public sealed record FilterExpr(Expr Value, string Name, IReadOnlyList<Expr> Args, IReadOnlyList<(string Name, Expr Value)> Kwargs) : Expr;
public sealed record TestExpr(Expr Value, string Name, IReadOnlyList<Expr> Args, bool Negated) : Expr;
public sealed record UnaryExpr(string Op, Expr Operand) : Expr;
public sealed record BinaryExpr(string Op, Expr Left, Expr Right) : Expr;
public sealed record ConditionalExpr(Expr Condition, Expr Then, Expr? Else) : Expr;
