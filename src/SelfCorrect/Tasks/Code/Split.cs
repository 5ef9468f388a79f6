namespace SelfCorrect.Tasks.Code;

/// <summary>Which side of a task's fixed train/test partition.</summary>
public enum Split { Train, Test }
