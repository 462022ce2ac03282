<?xml version="1.0"?>
<!--
  Lists what the schema allows, one "element NAME" or "attribute ELEMENT/NAME"
  per line (tests/check-schema-coverage.sh compares it with testdata/).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rng="http://relaxng.org/ns/structure/1.0">
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:for-each select="//rng:element[@name]">
      <xsl:text>element </xsl:text>
      <xsl:value-of select="@name"/>
      <xsl:text>&#10;</xsl:text>
    </xsl:for-each>
    <xsl:for-each select="//rng:attribute[@name]">
      <xsl:text>attribute </xsl:text>
      <xsl:value-of select="@name"/>
      <xsl:text>&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
